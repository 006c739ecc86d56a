import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getRoute, DELETE as deleteRoute, PUT as putRoute } from '@/app/api/v1/alerts/rules/[id]/route';
import { POST as previewRoute } from '@/app/api/v1/alerts/rules/preview/route';
import { POST as createRoute } from '@/app/api/v1/alerts/rules/route';
import { db } from '@/db/client';
import { alertRules, alerts, auditLog, deliveries } from '@/db/schema';
import { runCronJob } from '@/lib/cron/run';
import type { RuleJson, RulePreviewResult } from '@/lib/validation/alert-responses';
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
