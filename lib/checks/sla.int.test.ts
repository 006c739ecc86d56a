import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { alertRecipients, alerts, complaints } from '@/db/schema';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { runChecks } from '@/lib/checks/registry';
import { alertsOfRule, createComplaint, createRule, createUser } from '@/test/fixtures';

const alertsFor = (complaintId: number) =>
  db.select().from(alerts).where(and(eq(alerts.resourceType, 'complaint'), eq(alerts.resourceId, String(complaintId))));

describe('SLA checks', () => {
  let manager: Awaited<ReturnType<typeof createUser>>;
  let staff: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    await seedDefaultRules(db);
    manager = await createUser('manager');
    staff = await createUser('staff', { managerId: manager.id });
  });

  it('raises a warning for a deadline within the buffer and a critical alert for a passed one', async () => {
    const atRisk = await createComplaint({ assigneeId: staff.id, responseDueIn: 20 });
    const breached = await createComplaint({ assigneeId: staff.id, responseDueIn: -15, title: 'Broken <b>oven</b>' });
    const fine = await createComplaint({ assigneeId: staff.id, responseDueIn: 600, resolutionDueIn: 2000 });

    const run = await runCronJob(db, 'sla');
    expect(run?.status).toBe('succeeded');

    const [risk] = await alertsFor(atRisk.id);
    expect(risk).toMatchObject({ severity: 'warning', alertType: 'sla_at_risk', status: 'firing' });
    expect(risk!.title).toContain(atRisk.reference);

    const [breach] = await alertsFor(breached.id);
    expect(breach).toMatchObject({ severity: 'critical', alertType: 'sla_breach' });
    expect(breach!.title).toBe(`SLA breached: ${breached.reference} Broken <b>oven</b>`);
    expect(await alertsFor(fine.id)).toHaveLength(0);

    // breach goes to the assignee and their manager; at-risk to the assignee only
    const recipients = await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, breach!.id));
    expect(recipients.map((r) => r.userId).sort()).toEqual([staff.id, manager.id].sort());
    const riskRecipients = await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, risk!.id));
    expect(riskRecipients.map((r) => r.userId)).toEqual([staff.id]);
  });

  it('creates nothing new when run again', async () => {
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(alerts);
    const beforeRecipients = await db.select({ n: sql<number>`count(*)::int` }).from(alertRecipients);
    const run = await runCronJob(db, 'sla');
    expect(run?.counts.created).toBe(0);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(alerts)).toEqual(before);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(alertRecipients)).toEqual(beforeRecipients);
  });

  it('sends unassigned complaints to the managers', async () => {
    const orphan = await createComplaint({ assigneeId: null, responseDueIn: -5 });
    await runCronJob(db, 'sla');
    const [alert] = await alertsFor(orphan.id);
    const recipients = await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alert!.id));
    expect(recipients.map((r) => r.userId)).toContain(manager.id);
    expect(recipients.every((r) => r.reason === 'fallback')).toBe(true);
  });

  it('resolves the alert by itself once the complaint is responded to', async () => {
    const c = await createComplaint({ assigneeId: staff.id, responseDueIn: 10 });
    await runCronJob(db, 'sla');
    expect((await alertsFor(c.id))[0]?.status).toBe('firing');
    await db.update(complaints).set({ firstRespondedAt: new Date() }).where(eq(complaints.id, c.id));
    const run = await runCronJob(db, 'sla');
    expect(run?.counts.resolved).toBeGreaterThanOrEqual(1);
    const [after] = await alertsFor(c.id);
    expect(after).toMatchObject({ status: 'resolved', resolutionReason: 'condition_cleared' });
  });

  it('20 concurrent runs create exactly what one run creates', async () => {
    const cs = await Promise.all(Array.from({ length: 5 }, () => createComplaint({ assigneeId: staff.id, resolutionDueIn: -30 })));
    const runs = await Promise.all(Array.from({ length: 20 }, () => runCronJob(db, 'sla')));
    expect(runs.every((r) => r?.status === 'succeeded' || r?.status === 'skipped')).toBe(true);
    for (const c of cs) expect(await alertsFor(c.id)).toHaveLength(1);
  });
});

describe('SLA repeats', () => {
  it('a repeat firing of either SLA check only bumps occurrences', async () => {
    const manager = await createUser('manager');
    const staff = await createUser('staff', { managerId: manager.id });
    for (const check of ['sla_at_risk', 'sla_breached']) {
      const rule = await createRule({ check, alert_config: { cooldown_minutes: 0 } });
      const c = await createComplaint({ assigneeId: staff.id, responseDueIn: check === 'sla_at_risk' ? 30 : -30 });
      await runChecks(db, [check], { ruleIds: [rule.id] });
      await runChecks(db, [check], { ruleIds: [rule.id] });
      const mine = (await alertsOfRule(rule.id)).filter((a) => a.resourceId === String(c.id));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.occurrences).toBe(2);
    }
  });
});
