import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { DEMO_USERS, E2E_BASE_URL, E2E_METRICS_TOKEN, E2E_WEBHOOK_SECRET } from '../env';
import { expect, ingestToken, test, uniqueTag } from '../fixtures';

/**
 * The production server sends from a delivery worker in a process of its own (scripts/serve.ts):
 * an alert's signed webhook arrives without any cron run, and GET /api/metrics counts it although
 * another process sent it.
 */
test('an alert goes out as a signed webhook from the worker process, and the server’s metrics count it', async ({ loggedInPage, api }) => {
  const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const port = (receiver.address() as { port: number }).port;
  try {
    const sent = async () => {
      const res = await api.get('/api/metrics', { token: E2E_METRICS_TOKEN });
      expect(res.status()).toBe(200);
      const line = (await res.text()).split('\n').find((l) => l.startsWith('ops_alerts_deliveries_total{channel="webhook",outcome="sent"}'));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const before = await sent();

    const admin = await loggedInPage(DEMO_USERS.admin);
    const eventType = `e2e.worker.${uniqueTag('').toLowerCase()}`;
    const rule = await admin.request.post('/api/v1/alerts/rules', {
      headers: { origin: E2E_BASE_URL },
      data: {
        rule_name: eventType.replace(/[^a-z0-9]/g, '_'),
        rule_type: 'event',
        check: 'event_match',
        conditions: { event_type: eventType, where: [] },
        alert_config: {
          recipients: ['role:admin'],
          channels: ['webhook'],
          webhook: { url: `http://127.0.0.1:${port}/hook` },
          severity: 'warning',
          title_template: '{{event.title}}',
          cooldown_minutes: 0,
        },
      },
    });
    expect(rule.status(), await rule.text()).toBe(201);
    const token = await ingestToken(loggedInPage);
    const title = `Worker ${uniqueTag('')}`;
    const posted = await api.post('/api/v1/events', { type: 'custom', event_type: eventType, title }, { token });
    expect(posted.status(), await posted.text()).toBe(200);

    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(1);
    const [hook] = got;
    new Webhook(E2E_WEBHOOK_SECRET).verify(hook!.body, hook!.headers as Record<string, string>);
    expect(JSON.parse(hook!.body)).toMatchObject({ type: 'alert.fired', data: { alert: { title } } });
    await expect.poll(sent, { timeout: 15_000 }).toBe(before + 1);
  } finally {
    receiver.close();
  }
});
