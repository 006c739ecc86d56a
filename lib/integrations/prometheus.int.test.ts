import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getAlertRoute } from '@/app/api/v1/alerts/[id]/route';
import { GET as labelSuggestionsRoute } from '@/app/api/v1/alerts/rules/label-suggestions/route';
import { GET as unreadRoute } from '@/app/api/v1/alerts/unread/count/route';
import { POST as amWebhook } from '@/app/api/v1/integrations/alertmanager/route';
import { POST as grafanaWebhook } from '@/app/api/v1/integrations/grafana/route';
import { GET as listV2, POST as postV2 } from '@/app/api/v2/alerts/route';
import { GET as statusV2 } from '@/app/api/v2/status/route';
import { db } from '@/db/client';
import { alertRecipients, alerts } from '@/db/schema';
import { call } from '@/lib/alerts/testing/api';
import { expireAlerts } from '@/lib/alerts/retention';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { createRule, createUser, recipientsOf, tokenFor } from '@/test/fixtures';
import { labelsFingerprint } from './prometheus';

const team = () => `team_${randomBytes(4).toString('hex')}`;

let ingest: string;
let admin: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
let staffRead: string;
let otherRead: string;

/** An event rule of this test's own: Prometheus alerts with `labels.team == t` go to staff, in the app. */
async function routeTeam(t: string, to = staff) {
  return createRule({
    check: 'event_match',
    rule_type: 'event',
    conditions: { event_type: 'prometheus.alert', where: [{ attr: 'labels.team', op: '==', value: t }] },
    alert_config: { severity: 'info', title_template: '{{event.title}}', message_template: '{{event.message}}', recipients: [`user:${to.id}`], cooldown_minutes: 60 },
  });
}

const unread = async (token: string) => ((await call(unreadRoute, { token, path: '/api/v1/alerts/unread/count' })).body as { unread_count: number }).unread_count;
const alertOf = async (fingerprintLabels: Record<string, string>) =>
  (await db.select().from(alerts).where(sql`${alerts.metadata}->'attributes'->>'am_fingerprint' = ${labelsFingerprint(fingerprintLabels)}`).orderBy(alerts.id));
const post = (body: unknown, token = ingest) => call(postV2, { method: 'POST', path: '/api/v2/alerts', token, body });

beforeAll(async () => {
  await seedDefaultRules(db);
  admin = await createUser('admin');
  staff = await createUser('staff');
  other = await createUser('staff');
  ingest = await tokenFor(admin.id, ['events.write']);
  staffRead = await tokenFor(staff.id, ['alerts.read']);
  otherRead = await tokenFor(other.id, ['alerts.read']);
});

describe('POST /api/v2/alerts (Alertmanager API v2)', () => {
  it('routes a firing alert by its labels, with severity, title, message and labels from it', async () => {
    const t = team();
    const rule = await routeTeam(t);
    const labels = { alertname: 'QueueDeep', team: t, severity: 'critical', instance: 'db-1:9100' };
    const before = await unread(staffRead);
    const res = await post([{ labels, annotations: { summary: 'Queue is deep on db-1', description: 'depth 10 > 5' }, generatorURL: 'http://prom.local/graph?g0.expr=x' }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, firing: 1, alerts_created: 1 });
    const [alert] = await alertOf(labels);
    expect(alert).toMatchObject({ ruleId: rule.id, severity: 'critical', title: 'Queue is deep on db-1', message: 'depth 10 > 5', status: 'firing' });
    expect(await recipientsOf(alert!.id)).toEqual([staff.id]);
    expect(await unread(staffRead)).toBe(before + 1);
    // it resolves by itself 5 minutes on unless Prometheus sends it again
    const inFive = alert!.expiresAt!.getTime() - Date.now();
    expect(inFive).toBeGreaterThan(4 * 60_000);
    expect(inFive).toBeLessThanOrEqual(5 * 60_000 + 1000);

    const detail = await call(getAlertRoute, { token: staffRead, path: `/api/v1/alerts/${alert!.id}`, params: { id: String(alert!.id) } });
    expect(detail.body).toMatchObject({
      labels,
      annotations: { summary: 'Queue is deep on db-1', description: 'depth 10 > 5' },
      generator_url: 'http://prom.local/graph?g0.expr=x',
      source: 'prometheus',
    });
  });

  it('takes a re-sent alert as the same one: nobody is told again, its end moves on; endsAt in the past resolves it', async () => {
    const t = team();
    await routeTeam(t);
    const labels = { alertname: 'DiskFull', team: t };
    await post([{ labels, annotations: { summary: 'Disk full' } }]);
    const [first] = await alertOf(labels);
    await db.update(alertRecipients).set({ readAt: new Date() }).where(eq(alertRecipients.alertId, first!.id));
    const before = await unread(staffRead);
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    for (let i = 0; i < 3; i++) {
      const res = await post([{ labels, annotations: { summary: 'Disk full' }, endsAt }]);
      expect(res.body).toMatchObject({ alerts_created: 0, alerts_repeated: 1 });
    }
    const [again, ...none] = await alertOf(labels);
    expect(none).toEqual([]);
    expect(again).toMatchObject({ id: first!.id, occurrences: 4, status: 'firing' });
    expect(again!.expiresAt!.toISOString()).toBe(endsAt);
    expect(await unread(staffRead)).toBe(before);

    const res = await post([{ labels, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    expect(res.body).toMatchObject({ resolved: 1, alerts_resolved: 1 });
    const [done] = await alertOf(labels);
    expect(done).toMatchObject({ status: 'resolved', resolutionReason: 'resolved_event' });
  });

  it('resolves a firing alert that was not sent again before its end', async () => {
    const t = team();
    await routeTeam(t);
    const labels = { alertname: 'Flapping', team: t };
    await post([{ labels, endsAt: new Date(Date.now() + 60_000).toISOString() }]);
    const [alert] = await alertOf(labels);
    await db.update(alerts).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(alerts.id, alert!.id));
    await db.transaction((tx) => expireAlerts(tx));
    const [after] = await alertOf(labels);
    expect(after).toMatchObject({ status: 'resolved', resolutionReason: 'expired' });
  });

  it('sends what no rule routes to the admins, and only that', async () => {
    const unrouted = { alertname: 'NobodyOwnsThis', team: team(), severity: 'page' };
    await post([{ labels: unrouted }]);
    const [a] = await alertOf(unrouted);
    expect(a).toMatchObject({ severity: 'error', title: 'NobodyOwnsThis' });
    const [catchAll] = await db.execute<{ rule_name: string }>(sql`select rule_name from alert_rules where id = ${a!.ruleId}`);
    expect(catchAll!.rule_name).toBe('prometheus_unrouted');
    expect(await recipientsOf(a!.id)).toContain(admin.id);

    const t = team();
    const rule = await routeTeam(t);
    const routed = { alertname: 'Owned', team: t };
    await post([{ labels: routed }]);
    const routedAlerts = await alertOf(routed);
    expect(routedAlerts.map((x) => x.ruleId)).toEqual([rule.id]);
  });

  it('answers 400 with a message for what Alertmanager refuses, and changes nothing', async () => {
    const count = async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from alerts`))[0]!.n;
    const before = await count();
    for (const body of [
      { labels: { a: 'b' } },
      [{ labels: {} }],
      [{ labels: { 'bad-name': 'x' } }],
      [{ labels: { a: 'b' }, startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }],
      [{ labels: { a: 'b' }, endsAt: 'tomorrow' }],
      [{ labels: { a: 1 } }],
      'not json',
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect((res.body as { detail: string }).detail).toBeTruthy();
    }
    expect((await post(Array.from({ length: 1001 }, () => ({ labels: { a: 'b' } })))).status).toBe(413);
    expect((await post([{ labels: { a: 'b' } }], null as unknown as string)).status).toBe(401);
    expect((await post([{ labels: { a: 'b' } }], staffRead)).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('GET /api/v2/alerts and /api/v2/status', () => {
  it('lists the open alerts the caller may see, as Alertmanager does, filtered by label matchers', async () => {
    const t = team();
    await routeTeam(t);
    const a = { alertname: 'HighLatency', team: t, job: 'api', severity: 'warning' };
    const b = { alertname: 'HighLatency', team: t, job: 'web' };
    const c = { alertname: 'ErrorsUp', team: t, job: 'api' };
    await post([a, b, c].map((labels) => ({ labels, annotations: { summary: labels.alertname }, generatorURL: 'http://prom/x' })));
    const list = async (filters: string[], token = staffRead) => {
      const q = new URLSearchParams(filters.map((f) => ['filter', f]));
      return call(listV2, { token, path: `/api/v2/alerts?${q}` });
    };
    const names = (res: { body: unknown }) =>
      (res.body as { labels: Record<string, string> }[]).map((x) => `${x.labels.alertname}/${x.labels.job}`).sort();

    const all = await list([`team="${t}"`]);
    expect(all.status).toBe(200);
    expect(names(all)).toEqual(['ErrorsUp/api', 'HighLatency/api', 'HighLatency/web']);
    const one = (all.body as Record<string, unknown>[]).find((x) => (x.labels as { job: string }).job === 'web')!;
    expect(one).toMatchObject({
      labels: b,
      annotations: { summary: 'HighLatency' },
      generatorURL: 'http://prom/x',
      fingerprint: labelsFingerprint(b),
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      receivers: [{ name: expect.any(String) }],
    });
    expect(names(await list([`team="${t}"`, 'alertname="HighLatency"']))).toEqual(['HighLatency/api', 'HighLatency/web']);
    expect(names(await list([`team="${t}"`, 'job!="api"']))).toEqual(['HighLatency/web']);
    expect(names(await list([`team="${t}"`, 'alertname=~"High.*"', 'job=~"w.b|x"']))).toEqual(['HighLatency/web']);
    expect(names(await list([`team="${t}"`, 'alertname!~"High.*"']))).toEqual(['ErrorsUp/api']);
    // a label nobody has matches as ""
    expect(names(await list([`team="${t}"`, 'severity=""']))).toEqual(['ErrorsUp/api', 'HighLatency/web']);
    // someone else sees none of them
    expect(names(await list([`team="${t}"`], otherRead))).toEqual([]);

    // the last: a pattern JavaScript compiles and PostgreSQL refuses (a named group)
    for (const bad of ['alertname', 'job=~"("', '=x', '{a="b"', 'a=="b"', 'job=~"(?<n>api)"']) {
      const res = await list([bad]);
      expect(res.status, bad).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
    }
    expect((await call(listV2, { token: staffRead, path: '/api/v2/alerts?active=maybe' })).status).toBe(400);
    expect((await call(listV2, { path: '/api/v2/alerts' })).status).toBe(401);

    const status = await call(statusV2, { token: staffRead, path: '/api/v2/status' });
    expect(status).toMatchObject({ status: 200, body: { cluster: { status: 'ready' }, versionInfo: { version: expect.any(String) } } });
  });
});

describe('webhooks: Alertmanager (version 4) and Grafana', () => {
  const payload = (status: 'firing' | 'resolved', alertsIn: Record<string, unknown>[]) => ({
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status,
    receiver: 'ops-alerts',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: alertsIn,
  });

  it('opens on firing and closes on resolved; the same labels from Prometheus directly are the same alert', async () => {
    const t = team();
    await routeTeam(t);
    const labels = { alertname: 'ViaAlertmanager', team: t, severity: 'error' };
    const firing = { status: 'firing', labels, annotations: { summary: 'Via AM' }, startsAt: '2026-12-01T00:00:00.123456789Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom/g', fingerprint: labelsFingerprint(labels) };
    const res = await call(amWebhook, { method: 'POST', path: '/api/v1/integrations/alertmanager', token: ingest, body: payload('firing', [firing]) });
    expect(res).toMatchObject({ status: 200, body: { alerts_created: 1 } });
    const [alert] = await alertOf(labels);
    expect(alert).toMatchObject({ status: 'firing', severity: 'error', title: 'Via AM', expiresAt: null });
    expect(alert!.metadata).toMatchObject({ attributes: { source: 'alertmanager', receiver: 'ops-alerts', starts_at: '2026-12-01T00:00:00.123456789Z' } });

    // Prometheus also sends it to us directly: one alert
    expect((await post([{ labels, annotations: { summary: 'Via AM' } }])).body).toMatchObject({ alerts_created: 0, alerts_repeated: 1 });

    const resolved = await call(amWebhook, { method: 'POST', path: '/api/v1/integrations/alertmanager', token: ingest, body: payload('resolved', [{ ...firing, status: 'resolved', endsAt: new Date().toISOString() }]) });
    expect(resolved.body).toMatchObject({ alerts_resolved: 1 });
    expect((await alertOf(labels)).map((a) => a.status)).toEqual(['resolved']);
  });

  it("keeps Grafana's links", async () => {
    const t = team();
    await routeTeam(t);
    const labels = { alertname: 'GrafanaRule', team: t, grafana_folder: 'Ops' };
    const body = {
      ...payload('firing', [{ status: 'firing', labels, annotations: { summary: 'Panel red' }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://grafana/alerting/x/edit', fingerprint: 'abc', silenceURL: 'http://grafana/silence', dashboardURL: 'http://grafana/d/1', panelURL: 'http://grafana/d/1?viewPanel=2', valueString: '[ var=A value=7 ]' }]),
      orgId: 1,
      title: '[FIRING:1] GrafanaRule',
      state: 'alerting',
      message: '**Firing**',
    };
    expect((await call(grafanaWebhook, { method: 'POST', path: '/api/v1/integrations/grafana', token: ingest, body })).status).toBe(200);
    const [alert] = await alertOf(labels);
    expect(alert!.metadata).toMatchObject({ attributes: { source: 'grafana', dashboard_url: 'http://grafana/d/1', panel_url: 'http://grafana/d/1?viewPanel=2', value_string: '[ var=A value=7 ]' } });
    const bad = await call(grafanaWebhook, { method: 'POST', path: '/api/v1/integrations/grafana', token: ingest, body: { alerts: [{ status: 'pending', labels }] } });
    expect(bad.status).toBe(400);
  });
});

describe('GET /api/v1/alerts/rules/label-suggestions', () => {
  it('offers the labels of recent Prometheus alerts, most used first, with their most used values', async () => {
    const t = team();
    await routeTeam(t);
    await post([
      { labels: { alertname: 'SuggestA', team: t, zone_suggest: 'eu-1' } },
      { labels: { alertname: 'SuggestB', team: t, zone_suggest: 'eu-1' } },
      { labels: { alertname: 'SuggestC', team: t, zone_suggest: 'us-2' } },
    ]);
    const admin = await tokenFor((await createUser('admin')).id, ['alerts.manage']);
    const res = await call(labelSuggestionsRoute, { token: admin, path: '/api/v1/alerts/rules/label-suggestions' });
    expect(res.status).toBe(200);
    const labels = (res.body as { labels: { name: string; alerts: number; values: string[] }[] }).labels;
    expect(labels.find((l) => l.name === 'zone_suggest')).toEqual({ name: 'zone_suggest', alerts: 3, values: ['eu-1', 'us-2'] });
    expect(labels.find((l) => l.name === 'team')!.values).toContain(t);
    expect(labels.map((l) => l.name)).toContain('alertname');
  });
});

describe('labelsFingerprint', () => {
  it('does not depend on the order of the labels, and tells label sets apart', () => {
    expect(labelsFingerprint({ a: '1', b: '2' })).toBe(labelsFingerprint({ b: '2', a: '1' }));
    expect(labelsFingerprint({ a: '1', b: '2' })).not.toBe(labelsFingerprint({ a: '12' }));
    expect(labelsFingerprint({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
    // as Alertmanager 0.25 lists it (GET /api/v2/alerts after posting this label set)
    expect(labelsFingerprint({ alertname: 'Foo', team: 'db', severity: 'critical' })).toBe('fbb220324a809ef9');
  });
});
