import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEMO_USERS, E2E_BASE_URL, expect, expectProblem, test as base, uniqueTag, unreadCount, type ApiClient } from '../fixtures';
import {
  ALERTMANAGER_BIN,
  AMTOOL_BIN,
  amtool,
  amtoolHttpConfig,
  metricTotal,
  PROMETHEUS_BIN,
  scratchDir,
  startAlertmanager,
  startPrometheus,
  startQueueExporter,
  type QueueExporter,
  type RunningProcess,
} from '../lib/prometheus';

/**
 * Alertmanager's API in: real Prometheus, amtool and Alertmanager (Debian's packages, started
 * here on free loopback ports, never the system services) send to the app, and an event rule on
 * `labels.team` routes what they send to staff1.
 */

type Rig = {
  scratch: ReturnType<typeof scratchDir>;
  exporter: () => Promise<QueueExporter>;
  track: (proc: RunningProcess) => RunningProcess;
};

// everything the tests started; the fixture stops its own, afterAll whatever a failed teardown left
const running = new Set<RunningProcess>();

const test = base.extend<{ rig: Rig }>({
  rig: async ({}, use, testInfo) => {
    const scratch = scratchDir('prom');
    const procs: RunningProcess[] = [];
    const exporters: QueueExporter[] = [];
    await use({
      scratch,
      exporter: async () => {
        const exporter = await startQueueExporter(0);
        exporters.push(exporter);
        return exporter;
      },
      track: (proc) => {
        procs.push(proc);
        running.add(proc);
        return proc;
      },
    });
    for (const proc of procs) {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach(`${proc.name}.log`, { body: proc.log(), contentType: 'text/plain' });
      await proc.stop();
      running.delete(proc);
    }
    await Promise.all(exporters.map((e) => e.close()));
    scratch.remove();
  },
});

test.beforeAll(() => {
  const missing = [PROMETHEUS_BIN, AMTOOL_BIN, ALERTMANAGER_BIN].filter((bin) => !existsSync(bin));
  if (missing.length) throw new Error(`${missing.join(', ')} not found: as root, apt-get install -y prometheus prometheus-alertmanager (scripts/test.sh does)`);
});

test.afterAll(async () => {
  await Promise.all([...running].map((proc) => proc.stop()));
});

type InboxAlert = { id: number; rule_id: number | null; title: string; severity: string; status: string; is_read: boolean };
type AmtoolAlert = { labels: Record<string, string>; annotations: Record<string, string>; status: { state: string }; fingerprint: string };
type AlertDetail = InboxAlert & { labels: Record<string, string> | null; annotations: Record<string, string> | null; generator_url: string | null };

const sameOrigin = { headers: { origin: E2E_BASE_URL } };

/** An API token of the page's person with these scopes, made through the tokens API. */
async function apiToken(page: Page, scopes: string[]): Promise<string> {
  const res = await page.request.post('/api/v1/tokens', { ...sameOrigin, data: { name: `e2e prometheus ${Date.now()}`, scopes, expires_in_days: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** An event rule sending Prometheus alerts labelled team=<team> to staff1, in the app, as the event says. */
async function routeTeamToStaff1(admin: Page, team: string): Promise<{ id: number }> {
  const found = await admin.request.get(`/api/v1/admin/users?q=${encodeURIComponent(DEMO_USERS.staff1)}`);
  const staff1 = ((await found.json()) as { users: { id: number; email: string }[] }).users.find((u) => u.email === DEMO_USERS.staff1);
  expect(staff1, 'staff1 is seeded').toBeTruthy();
  const res = await admin.request.post('/api/v1/alerts/rules', {
    ...sameOrigin,
    data: {
      rule_name: `e2e_${team.replace(/[^a-z0-9]/g, '_')}`,
      description: `Prometheus alerts of team ${team} (e2e)`,
      rule_type: 'event',
      check: 'event_match',
      conditions: { event_type: 'prometheus.alert', where: [{ attr: 'labels.team', op: '==', value: team }] },
      alert_config: {
        recipients: [`user:${staff1!.id}`],
        channels: ['in_app'],
        severity: 'warning',
        title_template: '{{event.title}}',
        message_template: '{{event.message}}',
        cooldown_minutes: 60,
      },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: number };
}

/** staff1 in the browser, with the live stream connected, so the bell counts without a reload. */
async function staff1Page(loggedInPage: (email: string) => Promise<Page>): Promise<Page> {
  const page = await loggedInPage(DEMO_USERS.staff1);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  return page;
}

/** The alerts of one rule in the page's person's inbox, newest first. */
async function inboxOfRule(page: Page, ruleId: number): Promise<InboxAlert[]> {
  const res = await page.request.get(`/api/v1/alerts?rule_id=${ruleId}&page_size=100`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { alerts: InboxAlert[] }).alerts;
}

async function alertDetail(page: Page, id: number): Promise<AlertDetail> {
  const res = await page.request.get(`/api/v1/alerts/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as AlertDetail;
}

const team = () => `e2e-${uniqueTag('').toLowerCase()}`;
// amtool reads RFC 3339 without fractions
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

test.describe('Alertmanager API v2 in', () => {
  test('Prometheus: a rule that fires reaches the routed person once, repeats stay repeats, and it resolves when the value drops', async ({ loggedInPage, rig }) => {
    test.setTimeout(120_000);
    const admin = await loggedInPage(DEMO_USERS.admin);
    const queueTeam = team();
    const rule = await routeTeamToStaff1(admin, queueTeam);
    const token = await apiToken(admin, ['events.write']);
    const staff = await staff1Page(loggedInPage);
    const before = await unreadCount(staff);

    const exporter = await rig.exporter();
    const prometheus = rig.track(await startPrometheus({ exporterPort: exporter.port, team: queueTeam, alertmanagerUrl: E2E_BASE_URL, token, scratch: rig.scratch }));
    exporter.set(10);

    // Prometheus finds its targets within ~5 s, then evaluates every second
    await expect.poll(() => unreadCount(staff), { timeout: 20_000, message: "staff1's bell counts the firing alert" }).toBe(before + 1);
    const [alert, ...others] = await inboxOfRule(staff, rule.id);
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ title: `Queue ${queueTeam} is deep`, severity: 'critical', status: 'firing' });
    const detail = await alertDetail(staff, alert!.id);
    expect(detail.labels).toMatchObject({ alertname: 'E2EQueueDeep', severity: 'critical', team: queueTeam, job: 'e2e-queue' });
    expect(detail.annotations).toMatchObject({ summary: `Queue ${queueTeam} is deep`, description: '10 jobs are waiting in the e2e queue.' });
    expect(detail.generator_url).toContain('/graph?g0.expr=');

    // resend-delay 1s: Prometheus sends the firing alert again every second; each is a repeat
    const sent = await metricTotal(prometheus, 'prometheus_notifications_sent_total');
    await expect.poll(() => metricTotal(prometheus, 'prometheus_notifications_sent_total'), { timeout: 15_000 }).toBeGreaterThanOrEqual(sent + 3);
    expect(await metricTotal(prometheus, 'prometheus_notifications_errors_total'), 'the app took every send').toBe(0);
    expect((await inboxOfRule(staff, rule.id)).map((a) => a.id)).toEqual([alert!.id]);
    expect(await unreadCount(staff)).toBe(before + 1);

    // back under the threshold: Prometheus sends it with endsAt in the past
    exporter.set(0);
    await expect.poll(async () => (await alertDetail(staff, alert!.id)).status, { timeout: 30_000, message: 'the alert resolves' }).toBe('resolved');
    expect(await metricTotal(prometheus, 'prometheus_notifications_errors_total')).toBe(0);
  });

  test('amtool: alert add reaches the routed person, the same add again changes nothing they see, alert query lists it', async ({ loggedInPage, rig }) => {
    test.setTimeout(90_000);
    const admin = await loggedInPage(DEMO_USERS.admin);
    const diskTeam = team();
    const rule = await routeTeamToStaff1(admin, diskTeam);
    const httpConfig = amtoolHttpConfig(rig.scratch, 'admin', await apiToken(admin, ['events.write', 'alerts.read']));
    const run = (args: string[], config = httpConfig) => amtool(args, { url: E2E_BASE_URL, httpConfig: config });
    const labels = ['alertname=E2EAmtool', `team=${diskTeam}`, 'severity=warning'];
    const add = (...extra: string[]) => run(['alert', 'add', ...labels, '--annotation=summary=Disk almost full', ...extra]);
    const addBarrier = (...extra: string[]) => run(['alert', 'add', 'alertname=E2EAmtoolBarrier', `team=${diskTeam}`, 'severity=info', '--annotation=summary=Barrier', ...extra]);
    const staff = await staff1Page(loggedInPage);
    const staffConfig = amtoolHttpConfig(rig.scratch, 'staff1', await apiToken(staff, ['alerts.read']));
    const before = await unreadCount(staff);

    const first = await add();
    expect(first.code, first.stderr).toBe(0);
    await expect.poll(() => unreadCount(staff), { timeout: 20_000 }).toBe(before + 1);
    const [alert, ...others] = await inboxOfRule(staff, rule.id);
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ title: 'Disk almost full', severity: 'warning', status: 'firing', is_read: false });
    const inbox = async () => (await inboxOfRule(staff, rule.id)).map(({ id, title, severity, status, is_read }) => ({ id, title, severity, status, is_read }));
    const seen = await inbox();

    const again = await add();
    expect(again.code, again.stderr).toBe(0);
    // a barrier: once the bell shows the next new alert, anything the repeat did would show too
    const barrier = await addBarrier();
    expect(barrier.code, barrier.stderr).toBe(0);
    await expect.poll(() => unreadCount(staff), { timeout: 20_000 }).toBe(before + 2);
    const now = await inbox();
    expect(now.filter((a) => a.title !== 'Barrier')).toEqual(seen);
    expect(now.filter((a) => a.title === 'Barrier')).toHaveLength(1);
    await staff.reload();
    await expect.poll(() => unreadCount(staff)).toBe(before + 2);

    // the recipient's amtool reads the open alerts back in Alertmanager's own shape
    const query = async (matcher: string, config: string) => {
      const result = await run(['alert', 'query', matcher, '-o', 'json'], config);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as AmtoolAlert[]).filter((a) => a.labels.team === diskTeam);
    };
    const listed = await query('alertname=E2EAmtool', staffConfig);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ labels: { alertname: 'E2EAmtool', team: diskTeam, severity: 'warning' }, annotations: { summary: 'Disk almost full' }, status: { state: 'active' } });
    expect(listed[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // the admin's token has no alerts.manage: it sees only what was sent to the admin
    expect(await query('alertname=E2EAmtool', httpConfig)).toEqual([]);

    // amtool resolves the way Alertmanager does: the same labels with an end in the past
    const end = `--end=${rfc3339(new Date(Date.now() - 1_000))}`;
    for (const result of [await add(end), await addBarrier(end)]) {
      expect(result.code, result.stderr).toBe(0);
    }
    expect((await alertDetail(staff, alert!.id)).status).toBe('resolved');
    expect(await query(`team=${diskTeam}`, staffConfig), 'a resolved alert is no longer open').toEqual([]);
  });

  test('Alertmanager: its webhook brings the firing group in, and the resolved group resolves it', async ({ loggedInPage, rig }) => {
    test.setTimeout(90_000);
    const admin = await loggedInPage(DEMO_USERS.admin);
    const amTeam = team();
    const rule = await routeTeamToStaff1(admin, amTeam);
    const token = await apiToken(admin, ['events.write']);
    const staff = await staff1Page(loggedInPage);
    const before = await unreadCount(staff);

    const alertmanager = rig.track(await startAlertmanager({ webhookUrl: `${E2E_BASE_URL}/api/v1/integrations/alertmanager`, token, scratch: rig.scratch }));
    const postToAlertmanager = async (endsAt?: string) => {
      const res = await fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { labels: { alertname: 'E2EViaAm', team: amTeam, severity: 'error' }, annotations: { summary: 'Orders stuck in checkout' }, generatorURL: 'http://prometheus.example/graph', ...(endsAt ? { endsAt } : {}) },
        ]),
      });
      expect(res.status, await res.text()).toBe(200);
    };

    await postToAlertmanager();
    // group_wait 1s, then the webhook
    await expect.poll(() => unreadCount(staff), { timeout: 20_000, message: "staff1's bell counts the alert Alertmanager sent" }).toBe(before + 1);
    const [alert, ...others] = await inboxOfRule(staff, rule.id);
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ title: 'Orders stuck in checkout', severity: 'error', status: 'firing' });
    const detail = await alertDetail(staff, alert!.id);
    expect(detail.labels).toEqual({ alertname: 'E2EViaAm', team: amTeam, severity: 'error' });
    expect(detail.generator_url).toBe('http://prometheus.example/graph');
    expect(await metricTotal(alertmanager, 'alertmanager_notifications_failed_total'), 'the app took the webhook').toBe(0);

    await postToAlertmanager(new Date().toISOString());
    await expect.poll(async () => (await alertDetail(staff, alert!.id)).status, { timeout: 30_000, message: 'the resolved group resolves it' }).toBe('resolved');
    expect(await metricTotal(alertmanager, 'alertmanager_notifications_failed_total')).toBe(0);
  });
});

test.describe('POST /api/v2/alerts refuses', () => {
  test('what is not an Alertmanager alert list, and callers without events.write', async ({ loggedInPage, api }) => {
    const admin = await loggedInPage(DEMO_USERS.admin);
    const writer = await apiToken(admin, ['events.write']);
    const reader = await apiToken(admin, ['alerts.read']);
    const post = (client: ApiClient, body: unknown, token?: string) => client.post('/api/v2/alerts', body, { token });
    const valid = [{ labels: { alertname: 'E2ERefused', team: team() } }];
    const cases: { name: string; send: () => ReturnType<ApiClient['post']>; status: number }[] = [
      { name: 'no Authorization', send: () => post(api, valid), status: 401 },
      { name: 'a token without events.write', send: () => post(api, valid, reader), status: 403 },
      { name: 'an object, not a list', send: () => post(api, valid[0], writer), status: 400 },
      { name: 'an alert without labels', send: () => post(api, [{ labels: {} }], writer), status: 400 },
      { name: 'a label name Prometheus would not accept', send: () => post(api, [{ labels: { 'team-name': 'x' } }], writer), status: 400 },
      { name: 'endsAt before startsAt', send: () => post(api, [{ ...valid[0], startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }], writer), status: 400 },
    ];
    for (const c of cases) {
      await test.step(`${c.name} → ${c.status}`, async () => {
        await expectProblem(await c.send(), c.status);
      });
    }
    await test.step('GET /api/v2/alerts with a token without alerts.read → 403', async () => {
      await expectProblem(await api.get('/api/v2/alerts', { token: writer }), 403);
    });
  });
});
