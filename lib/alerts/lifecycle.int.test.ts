import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { alertEvents, alertRecipients, alerts, silences, type AlertRule } from '@/db/schema';
import { runChecks } from '@/lib/checks/registry';
import { runCronJob } from '@/lib/cron/run';
import { alertsOfRule, asViewer, createComplaint, createRule, createUser, recipientsOf } from '@/test/fixtures';
import { bulkUpdate } from './bulk';
import { escalateDueAlerts } from './escalate';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { purgeResolvedAlerts } from './retention';

const tick = async (rule: AlertRule) => (await runChecks(db, [rule.check], { ruleIds: [rule.id] }))[0]!;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

let manager: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
let admin: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  admin = await createUser('admin');
  manager = await createUser('manager');
  staff = await createUser('staff', { managerId: manager.id });
});

describe('repeats and cooldown', () => {
  it('a repeat inside the cooldown changes nothing; after it, occurrences bump and the alert is unread again', async () => {
    const rule = await createRule({ check: 'sla_breached', alert_config: { cooldown_minutes: 30 } });
    await createComplaint({ assigneeId: staff.id, responseDueIn: -5 });
    await tick(rule);
    const [alert] = await alertsOfRule(rule.id);
    await db.update(alertRecipients).set({ readAt: new Date() }).where(eq(alertRecipients.alertId, alert!.id));

    expect(await tick(rule)).toMatchObject({ repeated: 0 });
    await db.update(alerts).set({ lastFiredAt: minutesAgo(31) }).where(eq(alerts.id, alert!.id));
    expect(await tick(rule)).toMatchObject({ repeated: 1, created: 0 });
    const [after] = await db.select().from(alerts).where(eq(alerts.id, alert!.id));
    expect(after!.occurrences).toBe(2);
    const [inbox] = await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alert!.id));
    expect(inbox!.readAt).toBeNull();
  });
});

describe('silences', () => {
  it('a silenced rule records its alerts but notifies nobody; other rules are untouched', async () => {
    const silenced = await createRule({ check: 'sla_breached' });
    const loud = await createRule({ check: 'sla_breached' });
    await db.insert(silences).values({ matchers: { rule_id: silenced.id }, endsAt: new Date(Date.now() + 3600_000), comment: 'maintenance', createdBy: admin.id });
    await createComplaint({ assigneeId: staff.id, responseDueIn: -5 });

    const result = await tick(silenced);
    expect(result.created).toBeGreaterThanOrEqual(1);
    expect(result.silenced).toBe(result.created);
    expect(result.recipients).toBe(0);
    for (const a of await alertsOfRule(silenced.id)) {
      expect(await recipientsOf(a.id)).toEqual([]);
      expect(a.metadata).toHaveProperty('silenced_by');
      expect(a.nextEscalationAt).toBeNull();
    }
    const events = await db.select().from(alertEvents).where(eq(alertEvents.kind, 'silenced'));
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect((await tick(loud)).recipients).toBeGreaterThanOrEqual(1);
  });

  it('a silence on one resource leaves the others loud, and an expired silence silences nothing', async () => {
    const rule = await createRule({ check: 'sla_breached' });
    const quiet = await createComplaint({ assigneeId: staff.id, responseDueIn: -5 });
    const other = await createComplaint({ assigneeId: staff.id, responseDueIn: -5 });
    await db.insert(silences).values([
      { matchers: { resource_type: 'complaint', resource_id: String(quiet.id) }, endsAt: new Date(Date.now() + 3600_000) },
      { matchers: { resource_type: 'complaint', resource_id: String(other.id) }, startsAt: minutesAgo(60), endsAt: minutesAgo(1) },
    ]);
    await tick(rule);
    const byResource = new Map((await alertsOfRule(rule.id)).map((a) => [a.resourceId, a]));
    expect(await recipientsOf(byResource.get(String(quiet.id))!.id)).toEqual([]);
    expect(await recipientsOf(byResource.get(String(other.id))!.id)).toEqual([staff.id]);
  });
});

describe('hourly cap', () => {
  it('past max_per_hour, new alerts are recorded as throttled and notify nobody', async () => {
    const rule = await createRule({ check: 'sla_at_risk', alert_config: { max_per_hour: 2 } });
    for (let i = 0; i < 4; i++) await createComplaint({ assigneeId: staff.id, responseDueIn: 20 + i });
    const result = await tick(rule);
    expect(result.throttled).toBe(result.created - 2);
    const notified = [];
    for (const a of await alertsOfRule(rule.id)) if ((await recipientsOf(a.id)).length) notified.push(a.id);
    expect(notified).toHaveLength(2);
  });
});

describe('group window', () => {
  it('alerts within the window of a group join it quietly: one unread, the rest recorded as read and not escalated', async () => {
    const grouped = await createUser('staff', { managerId: manager.id });
    const rule = await createRule({ check: 'sla_breached', alert_config: { group_window_minutes: 30, cooldown_minutes: 60, escalation: { after_minutes: 10, max_level: 2 } } });
    for (let i = 0; i < 3; i++) await createComplaint({ assigneeId: grouped.id, responseDueIn: -5 });
    const first = await tick(rule);
    expect(first.grouped).toBe(first.created - 1);
    const mine = async () => {
      const rows = await db.select().from(alertRecipients).where(eq(alertRecipients.userId, grouped.id));
      return { unread: rows.filter((r) => !r.readAt).length, total: rows.length };
    };
    expect(await mine()).toEqual({ unread: 1, total: 3 });
    const all = await alertsOfRule(rule.id);
    const keys = new Set(all.map((a) => (a.metadata as { group_key?: string }).group_key));
    expect(keys.size).toBe(1);
    expect(all.filter((a) => a.nextEscalationAt !== null)).toHaveLength(1);

    await createComplaint({ assigneeId: grouped.id, responseDueIn: -5 }); // still inside the window: joins
    expect(await tick(rule)).toMatchObject({ created: 1, grouped: 1 });
    expect(await mine()).toEqual({ unread: 1, total: 4 });

    await db.update(alerts).set({ createdAt: minutesAgo(31) }).where(eq(alerts.ruleId, rule.id)); // the window has passed
    await createComplaint({ assigneeId: grouped.id, responseDueIn: -5 });
    expect(await tick(rule)).toMatchObject({ created: 1, grouped: 0 });
    expect(await mine()).toEqual({ unread: 2, total: 5 });
  });
});

describe('escalation', () => {
  async function dueAlert() {
    const rule = await createRule({ check: 'sla_breached', alert_config: { severity: 'critical', escalation: { after_minutes: 10, max_level: 2 } } });
    const c = await createComplaint({ assigneeId: staff.id, responseDueIn: -1 });
    await tick(rule);
    const alert = (await alertsOfRule(rule.id)).find((a) => a.resourceId === String(c.id))!;
    expect(alert.nextEscalationAt).not.toBeNull();
    return alert;
  }
  const makeDue = (id: number) => db.update(alerts).set({ nextEscalationAt: minutesAgo(1) }).where(eq(alerts.id, id));

  it('an unacknowledged critical alert reaches the manager after its delay, then the admins', async () => {
    const alert = await dueAlert();
    expect(await recipientsOf(alert.id)).toEqual([staff.id]);
    await escalateDueAlerts(db); // not due yet
    expect(await recipientsOf(alert.id)).toEqual([staff.id]);

    await makeDue(alert.id);
    await escalateDueAlerts(db);
    expect(await recipientsOf(alert.id)).toEqual([staff.id, manager.id].sort((a, b) => a - b));
    const [level1] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(level1).toMatchObject({ escalationLevel: 1 });
    expect(level1!.nextEscalationAt!.getTime()).toBeGreaterThan(Date.now());

    await makeDue(alert.id);
    await escalateDueAlerts(db);
    expect(await recipientsOf(alert.id)).toContain(admin.id);
    const [level2] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(level2).toMatchObject({ escalationLevel: 2, nextEscalationAt: null });
  });

  it('an acknowledged alert does not escalate', async () => {
    const alert = await dueAlert();
    await acknowledgeAlert(db, asViewer(staff), alert.id);
    const [inbox] = await db.select().from(alertRecipients).where(and(eq(alertRecipients.alertId, alert.id), eq(alertRecipients.userId, staff.id)));
    expect(inbox!.readAt, 'acknowledging reads it for the one who acknowledges').not.toBeNull();
    await makeDue(alert.id);
    expect(await escalateDueAlerts(db)).toMatchObject({ escalated: 0 });
    expect(await recipientsOf(alert.id)).toEqual([staff.id]);
    await expect(acknowledgeAlert(db, asViewer(admin), alert.id)).rejects.toMatchObject({
      status: 409,
      detail: `Alert is already acknowledged by ${staff.name}`,
      extra: { alert_status: 'acknowledged', acknowledged_by: { id: staff.id, name: staff.name }, resolved_by: null },
    });
  });

  it('a bulk acknowledge reads the alerts for the one who acknowledges, and only for them', async () => {
    const a = await dueAlert();
    const b = await dueAlert();
    await db.update(alertRecipients).set({ readAt: null }).where(eq(alertRecipients.userId, staff.id));
    expect(await bulkUpdate(db, asViewer(staff), { action: 'acknowledge', ids: [a.id, b.id] })).toMatchObject({ updated: 2 });
    const rows = await db.select().from(alertRecipients).where(eq(alertRecipients.userId, staff.id));
    expect(rows.filter((r) => r.alertId === a.id || r.alertId === b.id).every((r) => r.readAt !== null)).toBe(true);
  });

  it('only recipients (and admins) may acknowledge or resolve', async () => {
    const alert = await dueAlert();
    const stranger = await createUser('staff');
    await expect(acknowledgeAlert(db, asViewer(stranger), alert.id)).rejects.toMatchObject({ status: 404 });
    await resolveAlert(db, asViewer(admin), alert.id);
    const [row] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(row).toMatchObject({ status: 'resolved', resolutionReason: 'manual', resolvedBy: admin.id });
  });
});

describe('retention', () => {
  it('deletes resolved alerts past the retention period, in batches, and keeps the rest', async () => {
    const rule = await createRule({ check: 'sla_breached' });
    for (let i = 0; i < 5; i++) await createComplaint({ assigneeId: staff.id, responseDueIn: -3 });
    await tick(rule);
    const ids = (await alertsOfRule(rule.id)).map((a) => a.id);
    await db.update(alerts).set({ status: 'resolved', resolvedAt: minutesAgo(31 * 24 * 60) }).where(and(eq(alerts.ruleId, rule.id), sql`${alerts.id} <> ${ids[0]!}`));
    expect(await purgeResolvedAlerts(db, 30, 2)).toBe(ids.length - 1);
    expect((await alertsOfRule(rule.id)).map((a) => a.id)).toEqual([ids[0]]);
  });
});

describe('cron jobs under concurrency', () => {
  it('20 concurrent calls of every job create exactly what one call creates', async () => {
    await createRule({ check: 'sla_breached' });
    await createRule({ check: 'critical_complaint', alert_config: { recipients: ['role:manager'] } });
    for (let i = 0; i < 5; i++) await createComplaint({ assigneeId: staff.id, responseDueIn: -2, priority: 'critical' });
    const count = async () => (await db.execute<{ a: number; r: number }>(sql`select (select count(*) from alerts)::int a, (select count(*) from alert_recipients)::int r`))[0]!;

    for (const job of ['sla', 'critical', 'escalations', 'deliver', 'daily-summary', 'cleanup']) {
      const before = await count();
      const runs = await Promise.all(Array.from({ length: 20 }, () => runCronJob(db, job)));
      expect(runs.every((r) => r && r.status !== 'failed')).toBe(true);
      expect(runs.filter((r) => r!.status === 'succeeded').length).toBeGreaterThanOrEqual(1);
      const afterConcurrent = await count();
      const single = await runCronJob(db, job);
      expect(single?.counts.created ?? 0).toBe(0);
      expect(await count()).toEqual(afterConcurrent);
      expect(afterConcurrent.a).toBeGreaterThanOrEqual(before.a);
    }
  });
});
