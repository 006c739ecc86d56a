import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getRoute, DELETE as deleteRoute, PUT as putRoute } from '@/app/api/v1/alerts/rules/[id]/route';
import { POST as previewRoute } from '@/app/api/v1/alerts/rules/preview/route';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/alerts/rules/route';
import { db } from '@/db/client';
import { alertRules, alerts, auditLog, deliveries } from '@/db/schema';
import { runCronJob } from '@/lib/cron/run';
import type { RuleJson, RulePreviewResult, RuleWithStats } from '@/lib/validation/alert-responses';
import { rulesWithStatsQuery } from './rules';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { call } from './testing/api';

let adminToken: string;
let staffToken: string;
let staff: Awaited<ReturnType<typeof createUser>>;

const atRisk = (name: string, extra: Record<string, unknown> = {}) => ({
  rule_name: name,
  rule_type: 'sla',
  check: 'sla_at_risk',
  conditions: { buffer_minutes: 60 },
  alert_config: {
    severity: 'warning',
    title_template: 'At risk: {{complaint.reference}} {{complaint.title}}',
    recipients: ['assignee'],
    channels: ['in_app', 'email'],
  },
  ...extra,
});
const create = (body: unknown, token = adminToken) => call(createRoute, { method: 'POST', path: '/api/v1/alerts/rules', token, body });
const one = (id: number, method = 'GET', body?: unknown, token = adminToken) =>
  call(method === 'GET' ? getRoute : method === 'PUT' ? putRoute : deleteRoute, { method, path: `/api/v1/alerts/rules/${id}`, token, body, params: { id: String(id) } });
const preview = (body: unknown, token = adminToken) => call(previewRoute, { method: 'POST', path: '/api/v1/alerts/rules/preview', token, body });
const errorPaths = (body: unknown) => ((body as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

beforeAll(async () => {
  const admin = await createUser('admin');
  adminToken = await tokenFor(admin.id, ['alerts.manage']);
  staff = await createUser('staff', { name: 'Sam Staff' });
  staffToken = await tokenFor(staff.id);
});

describe('rule editor API', () => {
  it('creates a rule with its conditions completed by the check’s defaults; names are unique', async () => {
    const res = await create(atRisk('at_risk_ops', { conditions: {} }));
    expect(res.status).toBe(201);
    const rule = res.body as RuleJson;
    expect(rule).toMatchObject({ rule_name: 'at_risk_ops', check: 'sla_at_risk', version: 1, is_enabled: true, conditions: { buffer_minutes: 60, deadlines: ['response', 'resolution'] } });
    expect((await one(rule.id)).body).toEqual(rule);
    expect((await create(atRisk('at_risk_ops'))).status).toBe(409);
  });

  it.each([
    [{ check: 'no_such_check' }, 'check'],
    [{ conditions: { buffer_minutes: -5 } }, 'conditions.buffer_minutes'],
    [{ conditions: { deadlines: ['lunch'] } }, 'conditions.deadlines.0'],
    [{ alert_config: { severity: 'apocalyptic', title_template: 'x' } }, 'alert_config.severity'],
    [{ alert_config: { severity: 'info', title_template: 'x', channels: ['webhook'] } }, 'alert_config.webhook'],
    [{ rule_name: 'Has Spaces' }, 'rule_name'],
  ])('refuses %j with 422 at %s, creating nothing', async (override, path) => {
    const before = (await db.select().from(alertRules)).length;
    const res = await create({ ...atRisk(`bad_${Math.random().toString(36).slice(2, 8)}`), ...override });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(errorPaths(res.body)).toContain(path);
    expect((await db.select().from(alertRules)).length).toBe(before);
  });

  it('updates only from the current version, audits before and after, and deletes keeping the alerts', async () => {
    const rule = (await create(atRisk('at_risk_versions'))).body as RuleJson;
    const edited = { ...atRisk('at_risk_versions'), description: 'tighter', conditions: { buffer_minutes: 30 }, version: 1 };
    const res = await one(rule.id, 'PUT', edited);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, description: 'tighter', conditions: { buffer_minutes: 30 } });
    // a second editor still on version 1 is told, and changes nothing
    const stale = await one(rule.id, 'PUT', { ...edited, description: 'overwrite' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current_version: 2 });
    expect(((await one(rule.id)).body as RuleJson).description).toBe('tighter');
    expect((await one(rule.id, 'PUT', { ...edited, rule_name: 'at_risk_ops', version: 2 })).status).toBe(409);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'alert_rule.updated'));
    expect(audit!.details).toMatchObject({ before: { version: 1 }, after: { version: 2, description: 'tighter' } });

    await createComplaint({ assigneeId: staff.id, responseDueIn: 20 });
    await runCronJob(db, 'sla');
    const fired = await db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
    expect(fired.length).toBeGreaterThan(0);
    expect((await one(rule.id, 'DELETE')).status).toBe(204);
    expect((await one(rule.id)).status).toBe(404);
    expect((await db.select().from(alerts).where(eq(alerts.id, fired[0]!.id)))[0]).toMatchObject({ ruleId: null });
  });

  it('is for admins only', async () => {
    expect((await create(atRisk('staff_rule'), staffToken)).status).toBe(403);
    expect((await preview(atRisk('staff_rule'), staffToken)).status).toBe(403);
    expect((await one(1, 'GET', undefined, staffToken)).status).toBe(403);
  });
});

describe('rule preview', () => {
  it('shows what a new rule would raise now, rendered, with recipients and deliveries, and keeps nothing', async () => {
    const complaint = await createComplaint({ assigneeId: staff.id, responseDueIn: 25, title: 'Lift noisy' });
    const listener = postgres(process.env.DATABASE_URL!, { max: 1 });
    const heard: string[] = [];
    await listener.listen('ops_alerts', (p) => heard.push(p));
    await listener.listen('ops_deliveries', (p) => heard.push(p));
    const counts = async () => (await db.execute<{ a: number; d: number; r: number }>(sql`
      select (select count(*) from alerts)::int a, (select count(*) from deliveries)::int d, (select count(*) from alert_rules)::int r`))[0]!;
    const before = await counts();

    const res = await preview(atRisk('preview_new'));
    expect(res.status).toBe(200);
    const result = res.body as RulePreviewResult;
    expect(result.note).toBeNull();
    expect(result.counts.created).toBeGreaterThanOrEqual(1);
    const mine = result.alerts.find((a) => a.title === `At risk: ${complaint.reference} Lift noisy`);
    expect(mine).toMatchObject({ severity: 'warning', resource: { type: 'complaint', id: String(complaint.id) }, quiet: null, recipients: [{ id: staff.id, name: 'Sam Staff' }], recipient_count: 1 });
    expect(mine!.deliveries).toEqual({ email: 1 });

    await new Promise((r) => setTimeout(r, 200));
    expect(await counts()).toEqual(before);
    expect(heard).toEqual([]);
    await listener.end();
  });

  it('previews an edit of a live rule against its open alerts: what would resolve', async () => {
    const rule = (await create(atRisk('at_risk_live'))).body as RuleJson;
    await createComplaint({ assigneeId: staff.id, responseDueIn: 40, priority: 'low', title: 'Low one' });
    await runCronJob(db, 'sla');
    const open = await db.select().from(alerts).where(sql`${alerts.ruleId} = ${rule.id} and ${alerts.status} <> 'resolved'`);
    expect(open.length).toBeGreaterThan(0);
    // only critical complaints from now on: every open alert of the rule would resolve
    const res = await preview({ ...atRisk('at_risk_live'), id: rule.id, conditions: { buffer_minutes: 60, priorities: ['critical'] } });
    const result = res.body as RulePreviewResult;
    expect(result.counts.resolved).toBe(open.length);
    expect(result.resolves.map((r) => r.id).sort()).toEqual(open.map((a) => a.id).sort());
    // still open, still the old conditions
    expect(await db.select().from(alerts).where(sql`${alerts.ruleId} = ${rule.id} and ${alerts.status} <> 'resolved'`)).toHaveLength(open.length);
    expect(((await one(rule.id)).body as RuleJson).conditions).toMatchObject({ buffer_minutes: 60 });
    expect(((await one(rule.id)).body as RuleJson).conditions).not.toHaveProperty('priorities');
    expect(await db.select().from(deliveries).where(sql`${deliveries.kind} = 'resolved'`)).toEqual([]);
  });

  it('says that an event rule fires on incoming events, and 404s an unknown rule id', async () => {
    const eventRule = { rule_name: 'on_event', rule_type: 'event', check: 'event_match', conditions: { event_type: 'x.y' }, alert_config: { severity: 'info', title_template: '{{event.title}}' } };
    expect(((await preview(eventRule)).body as RulePreviewResult).note).toContain('incoming events');
    expect((await preview({ ...atRisk('ghost'), id: 99_999_999 })).status).toBe(404);
  });
});

describe('template variables', () => {
  const problemFor = (body: unknown) => (body as { errors?: { path: string; message: string }[] }).errors ?? [];

  it.each([
    ['title_template', { title_template: 'At risk: {{complaint.titel}}' }, 'did you mean {{complaint.title}}?'],
    ['message_template', { title_template: 'At risk', message_template: 'Paid by {{payments.provider}}' }, 'The message uses {{payments.provider}}'],
  ])('refuses a %s naming a variable the check does not provide: 422 naming the field, in words', async (key, templates, words) => {
    const body = atRisk(`vars_${key}`);
    const bad = { ...body, alert_config: { ...body.alert_config, ...templates } };
    for (const res of [await create(bad), await preview(bad)]) {
      expect(res.status).toBe(422);
      const [error] = problemFor(res.body);
      expect(error).toMatchObject({ path: `alert_config.${key}` });
      expect(error!.message).toContain(words);
    }
    expect(await db.select().from(alertRules).where(eq(alertRules.ruleName, `vars_${key}`))).toEqual([]);
  });

  it('refuses the same on an update, and takes the check’s own variables (an event’s attributes too)', async () => {
    const rule = (await create(atRisk('vars_update'))).body as RuleJson;
    const body = atRisk('vars_update');
    const res = await one(rule.id, 'PUT', { ...body, version: 1, alert_config: { ...body.alert_config, title_template: '{{staff.name}}' } });
    expect(res.status).toBe(422);
    expect(problemFor(res.body)[0]).toMatchObject({ path: 'alert_config.title_template' });
    const ok = await one(rule.id, 'PUT', { ...body, version: 1, alert_config: { ...body.alert_config, message_template: '{{deadline.kind}} due {{ deadline.due_at }}' } });
    expect(ok.status).toBe(200);
    const eventRule = { rule_name: 'vars_event', rule_type: 'event', check: 'event_match', conditions: { event_type: 'x.y' }, alert_config: { severity: 'info', title_template: '{{event.attributes.provider}}: {{event.title}}' } };
    expect((await create(eventRule)).status).toBe(201);
  });
});

describe('rule list figures', () => {
  it('gives each rule its open alerts, last firing and alerts of the last 24 hours, from one statement', async () => {
    const busy = (await create(atRisk('stats_busy'))).body as RuleJson;
    const quiet = (await create(atRisk('stats_quiet'))).body as RuleJson;
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const alert = (fingerprint: string, status: 'firing' | 'acknowledged' | 'resolved', created: Date, lastFired = created) => ({
      fingerprint: `stats:${fingerprint}`,
      ruleId: busy.id,
      alertType: 'sla_at_risk',
      severity: 'warning' as const,
      title: fingerprint,
      status,
      createdAt: created,
      firstFiredAt: created,
      lastFiredAt: lastFired,
    });
    await db.insert(alerts).values([
      // open for two days, repeated 5 minutes ago: open, and the last firing
      alert('old-open', 'firing', ago(48 * 60), ago(5)),
      alert('new-open', 'acknowledged', ago(60)),
      alert('new-resolved', 'resolved', ago(30)),
      alert('old-resolved', 'resolved', ago(30 * 60)),
    ]);

    const res = await call(listRoute, { path: '/api/v1/alerts/rules', token: adminToken });
    expect(res.status).toBe(200);
    const rules = res.body as RuleWithStats[];
    const stats = (id: number) => rules.find((r) => r.id === id)!.stats;
    expect(stats(busy.id)).toMatchObject({ open: 2, fired_24h: 2 });
    expect(Date.parse(stats(busy.id).last_fired_at!)).toBeGreaterThan(Date.now() - 6 * 60_000);
    expect(Date.parse(stats(busy.id).last_fired_at!)).toBeLessThan(Date.now() - 4 * 60_000);
    expect(stats(quiet.id)).toEqual({
      open: 0,
      last_fired_at: null,
      fired_24h: 0,
      noise: { alerts_30d: 0, acknowledged_share: null, unattended_share: null, ignored_share: null, median_action_s: null },
    });
    expect((await call(listRoute, { path: '/api/v1/alerts/rules', token: staffToken })).status).toBe(403);
  });

  it('reads the alerts through their rule indexes (alerts_rule_open_idx, alerts_rule_created_idx)', async () => {
    const { sql: text, params } = rulesWithStatsQuery(db).toSQL();
    expect(params).toEqual([]);
    const plan = await db.transaction(async (tx) => {
      // a test database is small enough for a sequential scan; ask whether the indexes can serve it
      await tx.execute(sql`set local enable_seqscan = off`);
      return (await tx.execute<{ 'QUERY PLAN': string }>(sql.raw(`explain ${text}`))).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('alerts_rule_open_idx');
    expect(plan).toContain('alerts_rule_created_idx');
    expect(plan).not.toMatch(/Seq Scan on alerts/);
  });
});
