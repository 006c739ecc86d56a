import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { complaints, type AlertRule } from '@/db/schema';
import { runChecks } from '@/lib/checks/registry';
import { alertsOfRule, createComplaint, createRule, createUser, recipientsOf } from '@/test/fixtures';

const tick = async (rule: AlertRule) => (await runChecks(db, [rule.check], { ruleIds: [rule.id] }))[0]!;
const age = (complaintId: number, minutes: number) =>
  db.update(complaints).set({ createdAt: new Date(Date.now() - minutes * 60_000) }).where(eq(complaints.id, complaintId));

let manager: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  manager = await createUser('manager');
  staff = await createUser('staff', { managerId: manager.id });
});

describe('critical complaint', () => {
  it('fires for a new critical complaint, repeats in place, and resolves once answered', async () => {
    const rule = await createRule({ check: 'critical_complaint', alert_config: { recipients: ['assignee', 'role:manager'], severity: 'critical' } });
    const critical = await createComplaint({ assigneeId: staff.id, priority: 'critical' });
    await createComplaint({ assigneeId: staff.id, priority: 'medium' });

    expect(await tick(rule)).toMatchObject({ created: 1 });
    const [alert] = await alertsOfRule(rule.id);
    expect(alert).toMatchObject({ resourceId: String(critical.id), severity: 'critical', occurrences: 1 });
    expect(await recipientsOf(alert!.id)).toEqual(expect.arrayContaining([staff.id, manager.id]));

    expect(await tick(rule)).toMatchObject({ created: 0, repeated: 1 });
    expect((await alertsOfRule(rule.id))[0]).toMatchObject({ id: alert!.id, occurrences: 2 });

    await db.update(complaints).set({ firstRespondedAt: new Date() }).where(eq(complaints.id, critical.id));
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
    expect((await alertsOfRule(rule.id))[0]).toMatchObject({ status: 'resolved', resolutionReason: 'condition_cleared' });
  });
});

describe('escalated complaint', () => {
  it("reaches the assignee's manager and clears when de-escalated", async () => {
    const rule = await createRule({ check: 'escalated_complaint', alert_config: { recipients: ['manager'] } });
    const c = await createComplaint({ assigneeId: staff.id });
    expect(await tick(rule)).toMatchObject({ created: 0 });
    await db.update(complaints).set({ status: 'escalated', escalatedAt: new Date() }).where(eq(complaints.id, c.id));
    expect(await tick(rule)).toMatchObject({ created: 1 });
    const [alert] = await alertsOfRule(rule.id);
    expect(await recipientsOf(alert!.id)).toEqual([manager.id]);
    expect(await tick(rule)).toMatchObject({ repeated: 1 });
    await db.update(complaints).set({ status: 'in_progress' }).where(eq(complaints.id, c.id));
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
  });
});

describe('critical complaint left unassigned', () => {
  it('fires only after X minutes without an owner and resolves on assignment', async () => {
    const rule = await createRule({ check: 'unassigned_critical', conditions: { after_minutes: 15 }, alert_config: { recipients: ['role:manager'] } });
    const fresh = await createComplaint({ priority: 'critical' });
    const old = await createComplaint({ priority: 'critical' });
    await age(old.id, 20);
    expect(await tick(rule)).toMatchObject({ created: 1 });
    const [alert] = await alertsOfRule(rule.id);
    expect(alert!.resourceId).toBe(String(old.id));
    expect(await recipientsOf(alert!.id)).toContain(manager.id);
    void fresh;
    expect(await tick(rule)).toMatchObject({ repeated: 1, created: 0 });
    await db.update(complaints).set({ assigneeId: staff.id }).where(eq(complaints.id, old.id));
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
  });
});

describe('high-priority queue', () => {
  it('fires when more than N wait, once, and clears when the queue drains', async () => {
    const rule = await createRule({ check: 'high_priority_queue', conditions: { max_waiting: 2, priorities: ['high'] }, alert_config: { recipients: ['role:manager'] } });
    const cs = [];
    for (let i = 0; i < 2; i++) cs.push(await createComplaint({ priority: 'high', assigneeId: staff.id }));
    expect(await tick(rule)).toMatchObject({ created: 0 });
    cs.push(await createComplaint({ priority: 'high' }));
    expect(await tick(rule)).toMatchObject({ created: 1 });
    const [alert] = await alertsOfRule(rule.id);
    expect(alert!.title).toBeTruthy();
    expect(alert!.metadata).toMatchObject({ waiting: 3 });
    expect(await tick(rule)).toMatchObject({ repeated: 1 });
    await db.update(complaints).set({ firstRespondedAt: new Date() }).where(eq(complaints.id, cs[0]!.id));
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
  });
});

describe('staff workload', () => {
  it('alerts the person and their manager, holds until the recovery level, then resolves', async () => {
    const busy = await createUser('staff', { managerId: manager.id });
    const rule = await createRule({
      check: 'staff_workload',
      conditions: { max_open_items: 3, recovery_items: 1 },
      alert_config: { recipients: ['assignee', 'manager'], title_template: '{{staff.name}}: {{staff.open_items}}' },
    });
    const mine = async () => (await alertsOfRule(rule.id)).filter((a) => a.resourceId === String(busy.id));
    const cs = [];
    for (let i = 0; i < 3; i++) cs.push(await createComplaint({ assigneeId: busy.id }));
    await tick(rule);
    expect(await mine()).toHaveLength(0);
    cs.push(await createComplaint({ assigneeId: busy.id }));
    await tick(rule);
    const [alert] = await mine();
    expect(alert!.title).toBe(`${busy.name}: 4`);
    expect(await recipientsOf(alert!.id)).toEqual([manager.id, busy.id].sort((a, b) => a - b));
    await tick(rule);
    expect((await mine())[0]!.occurrences).toBe(2);

    const close = (id: number) => db.update(complaints).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(complaints.id, id));
    await close(cs[0]!.id);
    await close(cs[1]!.id); // 2 open: under the threshold, still over the recovery level
    await tick(rule);
    expect((await mine())[0]!.status).toBe('firing');
    await close(cs[2]!.id); // 1 open: recovered
    await tick(rule);
    expect((await mine())[0]).toMatchObject({ status: 'resolved', resolutionReason: 'condition_cleared' });
  });
});
