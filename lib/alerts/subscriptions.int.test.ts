import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getSubscriptions, PUT as putSubscriptions } from '@/app/api/v1/alerts/subscriptions/route';
import { db } from '@/db/client';
import { alertRecipients, alerts, alertSubscriptions } from '@/db/schema';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import type { SubscriptionList } from '@/lib/validation/subscriptions';
import { createComplaint, createRule, createUser, tokenFor } from '@/test/fixtures';
import { call } from './testing/api';

const get = async (token: string) => {
  const res = await call(getSubscriptions, { path: '/api/v1/alerts/subscriptions', token });
  expect(res.status).toBe(200);
  return (res.body as SubscriptionList).subscriptions;
};
const put = (token: string, body: unknown) => call(putSubscriptions, { method: 'PUT', path: '/api/v1/alerts/subscriptions', token, body });
const typeOf = (subs: SubscriptionList['subscriptions'], type: string) => subs.find((s) => s.alert_type === type);

let manager: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
let token: string;

beforeAll(async () => {
  await seedDefaultRules(db);
  manager = await createUser('manager');
  staff = await createUser('staff', { managerId: manager.id });
  token = await tokenFor(staff.id);
});

describe('subscriptions', () => {
  it('lists every alert type of the enabled rules (alert_config.alert_type, else the check) with defaults', async () => {
    await createRule({ check: 'sla_breached', alert_config: { alert_type: undefined } });
    const subs = await get(token);
    expect(subs.map((s) => s.alert_type)).toEqual([...subs.map((s) => s.alert_type)].sort());
    // the default rules email SLA breaches, not workload warnings
    expect(typeOf(subs, 'sla_breach')).toEqual({ alert_type: 'sla_breach', is_enabled: true, delivery_channels: ['in_app', 'email'] });
    expect(typeOf(subs, 'high_workload')).toEqual({ alert_type: 'high_workload', is_enabled: true, delivery_channels: ['in_app'] });
    expect(typeOf(subs, 'sla_breached')).toBeDefined(); // the rule without an alert_type: its check names its alerts
    expect(new Set(subs.map((s) => s.alert_type)).size).toBe(subs.length);
  });

  it('round-trips a PUT; omitted channels keep what was saved; other types stay as they were', async () => {
    const res = await put(token, { subscriptions: [{ alert_type: 'sla_at_risk', is_enabled: false, delivery_channels: ['in_app', 'email'] }] });
    expect(res.status).toBe(200);
    expect(typeOf((res.body as SubscriptionList).subscriptions, 'sla_at_risk')).toEqual({ alert_type: 'sla_at_risk', is_enabled: false, delivery_channels: ['in_app', 'email'] });
    await put(token, { subscriptions: [{ alert_type: 'sla_at_risk', is_enabled: true }] });
    const subs = await get(token);
    expect(typeOf(subs, 'sla_at_risk')).toEqual({ alert_type: 'sla_at_risk', is_enabled: true, delivery_channels: ['in_app', 'email'] });
    expect(typeOf(subs, 'sla_breach')).toEqual({ alert_type: 'sla_breach', is_enabled: true, delivery_channels: ['in_app', 'email'] });
    // a new row without channels starts from the default, not from in-app alone
    await put(token, { subscriptions: [{ alert_type: 'sla_breach', is_enabled: false }] });
    expect(typeOf(await get(token), 'sla_breach')).toEqual({ alert_type: 'sla_breach', is_enabled: false, delivery_channels: ['in_app', 'email'] });
    // another user's list is untouched
    expect(typeOf(await get(await tokenFor(manager.id)), 'sla_at_risk')).toMatchObject({ delivery_channels: ['in_app'] });
  });

  it.each([
    [{ subscriptions: [{ alert_type: 'no_such_type', is_enabled: false }] }, 'subscriptions.0.alert_type'],
    [{ subscriptions: [{ alert_type: 'sla_breach', is_enabled: true, delivery_channels: ['sms'] }] }, 'subscriptions.0.delivery_channels.0'],
    [{ subscriptions: [{ alert_type: 'sla_breach', is_enabled: true, delivery_channels: [] }] }, 'subscriptions.0.delivery_channels'],
    [{ subscriptions: [{ alert_type: 'sla_breach', is_enabled: true }, { alert_type: 'sla_breach', is_enabled: false }] }, 'subscriptions.1.alert_type'],
    [{ subscriptions: [{ alert_type: 'sla_breach' }] }, 'subscriptions.0.is_enabled'],
    [{ subscriptions: 'all' }, 'subscriptions'],
  ])('refuses %j with 422 at %s, saving nothing', async (body, path) => {
    const before = await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, staff.id));
    const res = await put(token, { ...body });
    expect(res.status).toBe(422);
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
    expect(await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, staff.id))).toEqual(before);
  });

  it('a disabled type no longer reaches the inbox on the next firing; other types and people still do', async () => {
    expect((await put(token, { subscriptions: [{ alert_type: 'sla_breach', is_enabled: false }] })).status).toBe(200);
    const breached = await createComplaint({ assigneeId: staff.id, responseDueIn: -5 });
    const atRisk = await createComplaint({ assigneeId: staff.id, responseDueIn: 30 });
    await runCronJob(db, 'sla');
    const recipientsOf = async (resourceId: number, type: string) => {
      const rows = await db
        .select({ userId: alertRecipients.userId })
        .from(alerts)
        .innerJoin(alertRecipients, eq(alertRecipients.alertId, alerts.id))
        .where(and(eq(alerts.resourceId, String(resourceId)), eq(alerts.alertType, type)));
      return rows.map((r) => r.userId);
    };
    expect(await recipientsOf(breached.id, 'sla_breach')).toEqual([manager.id]);
    expect(await recipientsOf(atRisk.id, 'sla_at_risk')).toEqual([staff.id]);
  });
});
