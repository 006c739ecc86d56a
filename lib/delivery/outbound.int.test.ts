import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as rulesRoute } from '@/app/api/v1/alerts/rules/route';
import { POST as testRoute } from '@/app/api/v1/alerts/test/route';
import { db } from '@/db/client';
import { alertRules, alerts, deliveries } from '@/db/schema';
import { createRule as saveRule, updateRule } from '@/lib/alerts/rules';
import { ApiError } from '@/lib/api/problem';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema } from '@/lib/validation/events';
import { ruleShapeSchema } from '@/lib/validation/rules';
import { asViewer, createRule, createUser, tokenFor } from '@/test/fixtures';
import { startHttpReceiver } from '@/test/receivers';
import type { DeliveryConfig } from './config';
import { dispatchDue } from './dispatch';
import { BlockedAddressError, guardedPost, OutboundError, parseOutboundAllow, resolveOutbound, type LookupAll, type OutboundOptions } from './outbound';
import { sendTestDeliveries } from './test-send';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** The tests' resolver: names map to fixed addresses, nothing goes to DNS. */
const names: Record<string, string[]> = { localhost: ['127.0.0.1', '::1'], 'evil.test': ['127.0.0.1'], 'hooks.internal.test': ['127.0.0.1'] };
const testLookup: LookupAll = async (hostname) => {
  const found = names[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const guarded: OutboundOptions = { allow: parseOutboundAllow(''), lookup: testLookup };
const allowingReceivers: OutboundOptions = { allow: parseOutboundAllow('127.0.0.1/32, hooks.internal.test'), lookup: testLookup };

// every spelling of an inside address the guard must refuse; ports are the live receiver's, so a guard that let one through would be seen
const REFUSED = ['127.0.0.1', 'localhost', '127.1', '0x7f000001', '2130706433', '[::1]', '[::ffff:127.0.0.1]', '10.0.0.5', '169.254.169.254', 'evil.test'];

let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let admin: Awaited<ReturnType<typeof createUser>>;
let port: number;
const cfg = (outbound: OutboundOptions): DeliveryConfig => ({ smtpUrl: null, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: null, webhookSecret: SECRET, appUrl: 'https://ops.example', outbound });

beforeAll(async () => {
  hook = await startHttpReceiver();
  port = Number(new URL(hook.base).port);
  admin = await createUser('admin');
});
afterAll(() => hook.close());

/** Before anything is sent to `host`: the guard's own verdict on the resolved address must be "refused", so no test connects out. */
async function assertRefusedBeforeSending(host: string) {
  await expect(resolveOutbound(new URL(`http://${host}/`).hostname, guarded)).rejects.toBeInstanceOf(BlockedAddressError);
}

let seq = 0;
const ruleInput = (url: string) =>
  ruleShapeSchema.parse({
    rule_name: `outbound_${++seq}_${randomBytes(3).toString('hex')}`,
    rule_type: 'event',
    check: 'event_match',
    conditions: { event_type: `ops.outbound${seq}` },
    alert_config: { severity: 'warning', title_template: '{{event.title}}', recipients: ['role:admin'], channels: ['in_app', 'webhook'], webhook: { url } },
  });

async function rejection(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  const e = err as ApiError;
  return { status: e.status, errors: e.extra.errors as { path: string; message: string; code: string }[] };
}

describe('outbound guard, when a rule or a test send is saved', () => {
  it.each(REFUSED)('refuses %s with a 422 naming the field', async (host) => {
    const url = `http://${host}:${port}/hooks/in`;
    const viewer = asViewer(admin);
    const created = await rejection(saveRule(db, viewer, ruleInput(url), guarded));
    expect(created.status).toBe(422);
    expect(created.errors).toEqual([{ path: 'alert_config.webhook.url', code: 'blocked_address', message: expect.stringMatching(/does not send to internal addresses: .* is a (loopback|private|link-local) address.*OUTBOUND_ALLOW/) }]);

    const existing = await saveRule(db, viewer, ruleInput(`http://hooks.internal.test:${port}/ok`), allowingReceivers);
    const updated = await rejection(updateRule(db, viewer, existing.id, { ...ruleInput(url), rule_name: existing.rule_name, version: existing.version }, guarded));
    expect(updated.errors[0]).toMatchObject({ path: 'alert_config.webhook.url', code: 'blocked_address' });
    const [row] = await db.select().from(alertRules).where(eq(alertRules.id, existing.id));
    expect(row!.version).toBe(existing.version);

    const tested = await rejection(sendTestDeliveries(db, viewer, { channels: ['webhook'], webhook_url: url }, cfg(guarded)));
    expect(tested.errors).toEqual([{ path: 'webhook_url', code: 'blocked_address', message: expect.stringContaining('internal addresses') }]);
    expect(hook.requests).toEqual([]);
  });

  it('names the host and the address it resolves to', async () => {
    const { errors } = await rejection(saveRule(db, asViewer(admin), ruleInput(`https://evil.test/in`), guarded));
    expect(errors[0]!.message).toContain('evil.test resolves to 127.0.0.1 is a loopback address');
    const metadata = await rejection(saveRule(db, asViewer(admin), ruleInput('http://169.254.169.254/latest/meta-data/'), guarded));
    expect(metadata.errors[0]!.message).toContain('169.254.169.254 is a link-local address');
  });

  it('answers the API with a problem+json 422 naming alert_config.webhook.url and webhook_url', async () => {
    // the suite's OUTBOUND_ALLOW admits 127.0.0.1/32 only: 10.0.0.5 and 127.0.0.2 stay refused
    const token = await tokenFor(admin.id, ['alerts.manage']);
    const post = (route: typeof rulesRoute, path: string, body: unknown) =>
      route(new Request(`http://localhost${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    const rule = await post(rulesRoute, '/api/v1/alerts/rules', ruleInput('http://10.0.0.5/in'));
    expect(rule.status).toBe(422);
    expect(rule.headers.get('content-type')).toContain('application/problem+json');
    expect(((await rule.json()) as { errors: { path: string }[] }).errors).toEqual([expect.objectContaining({ path: 'alert_config.webhook.url', code: 'blocked_address' })]);
    const saved = { WEBHOOK_SECRET: process.env.WEBHOOK_SECRET };
    process.env.WEBHOOK_SECRET = SECRET;
    try {
      const test = await post(testRoute, '/api/v1/alerts/test', { channels: ['webhook'], webhook_url: `http://127.0.0.2:${port}/probe` });
      expect(test.status).toBe(422);
      expect(((await test.json()) as { errors: { path: string }[] }).errors).toEqual([expect.objectContaining({ path: 'webhook_url', code: 'blocked_address' })]);
    } finally {
      if (saved.WEBHOOK_SECRET === undefined) delete process.env.WEBHOOK_SECRET;
      else process.env.WEBHOOK_SECRET = saved.WEBHOOK_SECRET;
    }
    expect(hook.requests).toEqual([]);
  });
});

/** A rule stored as it was before the guard (or before its host's DNS changed), and one alert of it in the outbox. */
async function queuedWebhook(url: string) {
  const eventType = `ops.queued${++seq}`;
  await createRule({ check: 'event_match', rule_type: 'event', conditions: { event_type: eventType }, alert_config: { recipients: ['role:admin'], title_template: '{{event.title}}', channels: ['webhook'], webhook: { url, headers: {} } } });
  const title = `Queued ${seq} ${url}`;
  await ingestEvents(db, asViewer(admin, 'token'), [eventSchema.parse({ type: 'custom', event_type: eventType, title, fingerprint: title })]);
  const [alert] = await db.select().from(alerts).where(eq(alerts.title, title));
  return alert!.id;
}
const webhookRows = (alertId: number) => db.select().from(deliveries).where(eq(deliveries.alertId, alertId));

describe('outbound guard, when sending', () => {
  it('makes a delivery to any inside address dead with "blocked address", at its first attempt and with no retry', async () => {
    const queued = [];
    for (const host of REFUSED) {
      await assertRefusedBeforeSending(host);
      queued.push({ host, alertId: await queuedWebhook(`http://${host}:${port}/hooks/in`) });
    }
    const counts = await dispatchDue(db, { config: cfg(guarded) });
    expect(counts).toMatchObject({ claimed: REFUSED.length, dead: REFUSED.length, sent: 0, retrying: 0 });
    for (const { host, alertId } of queued) {
      expect({ host, rows: (await webhookRows(alertId)).map((d) => ({ channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError })) }).toEqual({
        host,
        rows: [{ channel: 'webhook', status: 'dead', attempts: 1, lastError: 'blocked address' }],
      });
    }
    expect(hook.requests).toEqual([]);
  });

  it('checks the address at connect time: a name that pointed outside when saved and inside when sent is refused', async () => {
    let calls = 0;
    // first answer (the save-time check): a public address; every later one: loopback. Nothing connects to the public one.
    const rebinding: LookupAll = async () => [{ address: calls++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const opts: OutboundOptions = { allow: parseOutboundAllow(''), lookup: rebinding };
    const rule = await saveRule(db, asViewer(admin), ruleInput(`http://rebind.test:${port}/hooks/in`), opts);
    const title = `Rebound ${seq}`;
    await ingestEvents(db, asViewer(admin, 'token'), [eventSchema.parse({ type: 'custom', event_type: rule.conditions.event_type as string, title, fingerprint: title })]);
    const [alert] = await db.select().from(alerts).where(eq(alerts.title, title));
    await dispatchDue(db, { config: cfg(opts) });
    expect((await webhookRows(alert!.id)).map((d) => [d.status, d.lastError])).toEqual([['dead', 'blocked address']]);
    expect(hook.requests).toEqual([]);
  });

  it('lets OUTBOUND_ALLOW admit the test receivers, by range and by host name', async () => {
    const byRange = await queuedWebhook(`${hook.base}/allowed/range`);
    const byName = await queuedWebhook(`http://hooks.internal.test:${port}/allowed/name`);
    expect(await dispatchDue(db, { config: cfg(allowingReceivers) })).toMatchObject({ sent: 2, dead: 0 });
    expect((await webhookRows(byRange)).map((d) => d.status)).toEqual(['sent']);
    expect((await webhookRows(byName)).map((d) => d.status)).toEqual(['sent']);
    expect(hook.requests.map((r) => [r.path, r.headers.host])).toEqual([
      ['/allowed/range', `127.0.0.1:${port}`],
      ['/allowed/name', `hooks.internal.test:${port}`],
    ]);
    // the same rules save too
    await expect(saveRule(db, asViewer(admin), ruleInput(`${hook.base}/ok`), allowingReceivers)).resolves.toMatchObject({ id: expect.any(Number) });
    hook.requests.length = 0;
  });
});

describe('the test send is no port scanner', () => {
  it('says the same for a closed port, a refused connection and an address refused at connect time, and never returns the receiver’s body', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    // accepts the connection, then drops it without an answer
    const dropper = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
    const dropperPort = (dropper.address() as AddressInfo).port;
    let calls = 0;
    const rebinding: LookupAll = async (hostname) => (hostname === 'rebind.test' ? [{ address: calls++ === 0 ? '93.184.215.14' : '127.0.0.2', family: 4 }] : testLookup(hostname));
    const opts: OutboundOptions = { allow: parseOutboundAllow('127.0.0.1/32'), lookup: rebinding };
    try {
      const viewer = asViewer(admin);
      const outcome = async (url: string) => {
        const { results } = await sendTestDeliveries(db, viewer, { channels: ['webhook'], webhook_url: url }, cfg(opts));
        return { ok: results[0]!.ok, outcome: results[0]!.outcome, error: results[0]!.error };
      };
      const unreachable = { ok: false, outcome: 'failed', error: 'could not connect' };
      expect(await outcome(`http://127.0.0.1:${closedPort}/probe`)).toEqual(unreachable);
      expect(await outcome(`http://127.0.0.1:${dropperPort}/probe`)).toEqual(unreachable);
      expect(await outcome(`http://rebind.test:${port}/probe`)).toEqual(unreachable);
      expect(await outcome(`http://nowhere.test:${port}/probe`)).toEqual(unreachable);
      // an open port answers with its status and a fixed reason: its body ("no") stays out
      hook.answerNext({ status: 403 });
      expect(await outcome(`${hook.base}/probe`)).toEqual({ ok: false, outcome: 'failed', error: 'HTTP 403: rejected by the receiver' });
      expect(hook.requests.map((r) => r.path)).toEqual(['/probe']);
    } finally {
      await new Promise<void>((r) => dropper.close(() => r()));
    }
  });
});

describe('guardedPost: one deadline, no redirects, the body never comes back', () => {
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?x=1`;
    return { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
  };
  const post = (url: string, timeoutMs = 300) => guardedPost(url, { body: '{"a":1}', headers: { 'content-type': 'application/json' }, timeoutMs }, allowingReceivers);

  it('gives up on a receiver that never answers, or answers its headers and then trickles, at the deadline', async () => {
    const silent = await serve(() => {});
    const trickle = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(t));
    });
    try {
      let started = Date.now();
      const got = await post(silent.url).then(() => null, (e: Error) => e);
      expect(got).toBeInstanceOf(OutboundError);
      expect(got!.message).toBe('no answer within 0.3s');
      expect(Date.now() - started).toBeLessThan(3000);
      // the headers came: that is its answer; the endless body is dropped at the deadline
      started = Date.now();
      expect(await post(trickle.url)).toMatchObject({ status: 200, ok: true });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
      await trickle.close();
    }
  });

  it('reports a redirect without following it, passes the path and query, and gives back status and headers only', async () => {
    let seen = '';
    let followed = false;
    const target = await serve((_req, res) => {
      followed = true;
      res.end();
    });
    const redirecting = await serve((req, res) => {
      seen = `${req.method} ${req.url} ${req.headers['content-type']}`;
      res.writeHead(307, { location: target.url, 'retry-after': '5' }).end('x'.repeat(200_000));
    });
    try {
      const res = await post(redirecting.url, 2000);
      expect(res).toMatchObject({ status: 307, ok: false });
      expect(res.header('Retry-After')).toBe('5');
      expect(res.header('x-missing')).toBeNull();
      expect(Object.keys(res).sort()).toEqual(['header', 'ok', 'status']);
      expect(seen).toBe('POST /hook?x=1 application/json');
      expect(followed).toBe(false);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });
});
