import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as putDismiss } from '@/app/api/v1/alerts/[id]/dismiss/route';
import { PUT as putRead } from '@/app/api/v1/alerts/[id]/read/route';
import { GET as getAlert } from '@/app/api/v1/alerts/[id]/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { GET as getRules } from '@/app/api/v1/alerts/rules/route';
import { GET as getSubscriptions } from '@/app/api/v1/alerts/subscriptions/route';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { db } from '@/db/client';
import { alertRecipients } from '@/db/schema';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import type { AlertDetail, AlertList, RuleJson } from '@/lib/validation/alert-responses';
import type { SubscriptionList } from '@/lib/validation/subscriptions';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { call } from './testing/api';

/** seeds/001's "API Testing" and "Alert Actions" checklists, replayed against the route handlers. */

const recipientRow = async (userId: number, alertId: number) =>
  (await db.select().from(alertRecipients).where(and(eq(alertRecipients.userId, userId), eq(alertRecipients.alertId, alertId))))[0]!;

let staffToken: string;
let otherToken: string;
let managerToken: string;
let adminToken: string;
let staffId: number;

beforeAll(async () => {
  // seeds/001: "Expected: 4 default rules" (we seed those four and more)
  await seedDefaultRules(db);
  const manager = await createUser('manager');
  const staff = await createUser('staff', { managerId: manager.id });
  const other = await createUser('staff', { managerId: manager.id });
  const admin = await createUser('admin');
  staffId = staff.id;
  [staffToken, otherToken, managerToken, adminToken] = await Promise.all([tokenFor(staff.id), tokenFor(other.id), tokenFor(manager.id), tokenFor(admin.id)]);
});

describe('seeds/001 A–D: the empty state', () => {
  it('A. GET /api/v1/alerts answers exactly the seeds’ empty list', async () => {
    const res = await call(getList, { token: staffToken });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.body).toStrictEqual({ alerts: [], total: 0, page: 1, page_size: 20, total_pages: 0, unread_count: 0 });
  });

  it('B. GET /api/v1/alerts/unread/count answers unread_count 0', async () => {
    const res = await call(getCount, { path: '/api/v1/alerts/unread/count', token: staffToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unread_count: 0 });
  });

  it('C. GET /api/v1/alerts/rules is a JSON array of rules in the seeds’ shape, for admins only', async () => {
    const res = await call(getRules, { path: '/api/v1/alerts/rules', token: adminToken });
    expect(res.status).toBe(200);
    const rules = res.body as RuleJson[];
    expect(Array.isArray(rules)).toBe(true);
    const keys = ['id', 'rule_name', 'description', 'rule_type', 'is_enabled', 'conditions', 'alert_config', 'created_by_staff_id', 'created_at', 'updated_at'];
    // the seeds' keys, plus check and version for the rule editor, and the figures of the rule list
    for (const rule of rules) expect(Object.keys(rule).sort()).toEqual([...keys, 'check', 'version', 'stats'].sort());
    const byName = new Map(rules.map((r) => [r.rule_name, r]));
    expect(byName.get('sla_breach_critical')).toMatchObject({ rule_type: 'sla', is_enabled: true, created_by_staff_id: null });
    expect(byName.get('sla_at_risk')).toMatchObject({ rule_type: 'sla', is_enabled: true });
    expect(byName.get('critical_complaint_created')).toMatchObject({ rule_type: 'event', is_enabled: true });
    expect(byName.get('high_workload_warning')).toMatchObject({ rule_type: 'threshold', is_enabled: true });
    expect(new Date(rules[0]!.created_at).toISOString()).toBe(rules[0]!.created_at);

    for (const token of [staffToken, managerToken]) {
      const refused = await call(getRules, { path: '/api/v1/alerts/rules', token });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toBe('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, title: 'Forbidden' });
    }
  });

  it('D. GET /api/v1/alerts/subscriptions answers {subscriptions: [...]} with the default for every known type', async () => {
    const res = await call(getSubscriptions, { path: '/api/v1/alerts/subscriptions', token: staffToken });
    expect(res.status).toBe(200);
    const body = res.body as SubscriptionList;
    expect(Object.keys(body)).toEqual(['subscriptions']);
    expect(body.subscriptions.length).toBeGreaterThan(0);
    for (const s of body.subscriptions) {
      expect(Object.keys(s).sort()).toEqual(['alert_type', 'delivery_channels', 'is_enabled']);
      // the default: in-app, and email where a rule of the type emails
      expect(s.is_enabled).toBe(true);
      expect([['in_app'], ['in_app', 'email']]).toContainEqual(s.delivery_channels);
    }
    expect(body.subscriptions.map((s) => s.alert_type)).toEqual(expect.arrayContaining(['sla_breach', 'sla_at_risk', 'critical_complaint', 'high_workload']));
  });
});

describe('seeds/001 alert generation and actions', () => {
  let alerts: AlertList['alerts'];

  beforeAll(async () => {
    await createComplaint({ assigneeId: staffId, responseDueIn: -10, title: 'Breached' });
    await createComplaint({ assigneeId: staffId, responseDueIn: 30, title: 'At risk' });
    expect((await runCronJob(db, 'sla'))?.status).toBe('succeeded');
    alerts = ((await call(getList, { token: staffToken })).body as AlertList).alerts;
  });

  it('SLA checks create at-risk and breached alerts for the assignee, once', async () => {
    expect(alerts.map((a) => a.alert_type).sort()).toEqual(['sla_at_risk', 'sla_breach']);
    await runCronJob(db, 'sla');
    expect(((await call(getList, { token: staffToken })).body as AlertList).total).toBe(2);
  });

  it('PUT /read answers 204, sets read_at and lowers unread_count', async () => {
    const target = alerts[0]!;
    const res = await call(putRead, { method: 'PUT', path: `/api/v1/alerts/${target.id}/read`, token: staffToken, params: { id: String(target.id) } });
    expect(res).toMatchObject({ status: 204, body: null });
    expect((await recipientRow(staffId, target.id)).readAt).toBeInstanceOf(Date);
    expect(((await call(getCount, { token: staffToken })).body as { unread_count: number }).unread_count).toBe(1);
    expect(((await call(getList, { token: staffToken })).body as AlertList).unread_count).toBe(1);
    const detail = (await call(getAlert, { path: `/api/v1/alerts/${target.id}`, token: staffToken, params: { id: String(target.id) } })).body as AlertDetail;
    expect(detail).toMatchObject({ id: target.id, is_read: true, is_dismissed: false });
  });

  it('PUT /dismiss answers 204, sets dismissed_at and takes the alert out of the list and the count', async () => {
    const target = alerts[1]!;
    const res = await call(putDismiss, { method: 'PUT', path: `/api/v1/alerts/${target.id}/dismiss`, token: staffToken, params: { id: String(target.id) } });
    expect(res).toMatchObject({ status: 204, body: null });
    expect((await recipientRow(staffId, target.id)).dismissedAt).toBeInstanceOf(Date);
    const list = (await call(getList, { token: staffToken })).body as AlertList;
    expect(list.alerts.map((a) => a.id)).not.toContain(target.id);
    expect(list).toMatchObject({ total: 1, unread_count: 0 });
    const detail = (await call(getAlert, { path: `/api/v1/alerts/${target.id}`, token: staffToken, params: { id: String(target.id) } })).body as AlertDetail;
    expect(detail).toMatchObject({ is_dismissed: true, dismissed_at: expect.any(String) });
  });

  it('only the assigned staff member can see or act on their alerts', async () => {
    const target = alerts[0]!;
    expect(((await call(getList, { token: otherToken })).body as AlertList).total).toBe(0);
    for (const route of [getAlert, putRead, putDismiss]) {
      const res = await call(route, { method: route === getAlert ? 'GET' : 'PUT', path: `/api/v1/alerts/${target.id}`, token: otherToken, params: { id: String(target.id) } });
      expect(res.status).toBe(404);
    }
  });
});
