import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { alerts, cronRuns, metricSamples, payments, ruleStates, type AlertRule } from '@/db/schema';
import { expireAlerts } from '@/lib/alerts/retention';
import { runChecks } from '@/lib/checks/registry';
import { alertsOfRule, createRule, createUser, recipientsOf } from '@/test/fixtures';

const tick = async (rule: AlertRule) => (await runChecks(db, [rule.check], { ruleIds: [rule.id] }))[0]!;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
let seq = 0;

async function addPayments(provider: string, failed: number, succeeded: number, at = new Date()) {
  const rows = [
    ...Array.from({ length: failed }, () => ({ status: 'failed' as const, failureMessage: 'card declined' })),
    ...Array.from({ length: succeeded }, () => ({ status: 'succeeded' as const, failureMessage: null })),
  ];
  await db.insert(payments).values(rows.map((r) => ({ ...r, externalId: `p${Date.now()}_${seq++}`, provider, amountCents: 1000, createdAt: at })));
}

let admin: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  admin = await createUser('admin');
});

describe('payment failures', () => {
  it('fires per provider over the count limit, repeats in place, and resolves when the window is clean', async () => {
    const rule = await createRule({
      check: 'payment_failures',
      conditions: { window_minutes: 30, min_failures: 5, group_by_provider: true, providers: ['acmepay', 'otherpay'] },
      alert_config: { recipients: ['role:admin'], title_template: '{{payments.provider}} {{payments.failed}}/{{payments.total}}' },
    });
    await addPayments('acmepay', 5, 20);
    await addPayments('otherpay', 1, 20);
    await addPayments('acmepay', 9, 0, minutesAgo(45)); // outside the window
    expect(await tick(rule)).toMatchObject({ created: 1 });
    const [alert] = await alertsOfRule(rule.id);
    expect(alert).toMatchObject({ resourceType: 'payment_provider', resourceId: 'acmepay', title: 'acmepay 5/25' });
    expect(await recipientsOf(alert!.id)).toContain(admin.id);
    expect(await tick(rule)).toMatchObject({ repeated: 1, created: 0 });
    await db.update(payments).set({ createdAt: minutesAgo(40) }).where(eq(payments.provider, 'acmepay'));
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
  });

  it('fires on the failure rate only with enough volume', async () => {
    const rule = await createRule({
      check: 'payment_failures',
      conditions: { window_minutes: 30, min_failure_rate: 0.5, min_volume: 10, providers: ['ratepay', 'tinypay'] },
      alert_config: { recipients: ['role:admin'] },
    });
    await addPayments('tinypay', 3, 1); // 75% but only 4 payments
    await addPayments('ratepay', 6, 4);
    await tick(rule);
    expect((await alertsOfRule(rule.id)).map((a) => a.resourceId)).toEqual(['ratepay']);
  });
});

describe('KPI threshold', () => {
  const sample = (metric: string, value: number, minutes = 1) => db.insert(metricSamples).values({ metric, value, recordedAt: minutesAgo(minutes) });

  it('compares an aggregate over the window, repeats in place, and resolves past the recovery level', async () => {
    const rule = await createRule({
      check: 'kpi_threshold',
      conditions: { metric: 'kpi_a', aggregate: 'avg', window_minutes: 30, op: '<', value: 4, recovery_value: 4.2 },
      alert_config: { recipients: ['role:admin'], title_template: '{{metric.name}} {{metric.value}}' },
    });
    await sample('kpi_a', 4.5);
    expect(await tick(rule)).toMatchObject({ created: 0 });
    await sample('kpi_a', 2.5); // avg 3.5
    expect(await tick(rule)).toMatchObject({ created: 1 });
    expect((await alertsOfRule(rule.id))[0]!.title).toBe('kpi_a 3.500');
    expect(await tick(rule)).toMatchObject({ repeated: 1 });
    await sample('kpi_a', 5.1); // avg 4.033: over the threshold, under the recovery level
    expect(await tick(rule)).toMatchObject({ resolved: 0 });
    await sample('kpi_a', 5.3); // avg 4.35
    expect(await tick(rule)).toMatchObject({ resolved: 1 });
  });

  it('waits for the pending period before firing', async () => {
    const rule = await createRule({
      check: 'kpi_threshold',
      conditions: { metric: 'kpi_b', aggregate: 'max', window_minutes: 10, op: '>=', value: 100, for_minutes: 5 },
      alert_config: { recipients: ['role:admin'] },
    });
    await sample('kpi_b', 150);
    expect(await tick(rule)).toMatchObject({ created: 0 });
    const [state] = await db.select().from(ruleStates).where(eq(ruleStates.ruleId, rule.id));
    expect(state).toBeTruthy();
    await db.update(ruleStates).set({ pendingSince: minutesAgo(6) }).where(eq(ruleStates.ruleId, rule.id));
    expect(await tick(rule)).toMatchObject({ created: 1 });
  });

  it('follows its no-data policy', async () => {
    const alerting = await createRule({
      check: 'kpi_threshold',
      conditions: { metric: 'kpi_silent', aggregate: 'count', window_minutes: 5, op: '<', value: 1, no_data: 'alerting' },
      alert_config: { recipients: ['role:admin'] },
    });
    const ok = await createRule({
      check: 'kpi_threshold',
      conditions: { metric: 'kpi_silent', aggregate: 'avg', window_minutes: 5, op: '<', value: 1, no_data: 'ok' },
      alert_config: { recipients: ['role:admin'] },
    });
    expect(await tick(alerting)).toMatchObject({ created: 1 });
    expect(await tick(ok)).toMatchObject({ created: 0 });
  });
});

describe('daily summary', () => {
  it('sends one summary per person at the hour, repeats in place, and expires', async () => {
    const manager = await createUser('manager');
    const hour = new Date().getUTCHours();
    const rule = await createRule({
      check: 'daily_summary',
      rule_type: 'schedule',
      conditions: { hour, timezone: 'UTC', roles: ['manager'] },
      alert_config: { severity: 'info', recipients: ['assignee'], auto_resolve: false, expires_after_minutes: 1440, title_template: 'Summary {{date}} for {{user.name}}' },
    });
    const other = await createRule({ check: 'daily_summary', conditions: { hour: (hour + 1) % 24, timezone: 'UTC' }, alert_config: { recipients: ['assignee'] } });
    await tick(rule);
    const mine = (await alertsOfRule(rule.id)).filter((a) => (a.metadata as { subject_user_id?: number }).subject_user_id === manager.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toContain(manager.name);
    expect(await recipientsOf(mine[0]!.id)).toEqual([manager.id]);
    expect(await tick(other)).toMatchObject({ created: 0 });
    await tick(rule);
    const [again] = await db.select().from(alerts).where(eq(alerts.id, mine[0]!.id));
    expect(again!.occurrences).toBe(2);

    await db.update(alerts).set({ expiresAt: minutesAgo(1) }).where(eq(alerts.ruleId, rule.id));
    expect(await expireAlerts(db)).toBeGreaterThanOrEqual(1);
    const [expired] = await db.select().from(alerts).where(eq(alerts.id, mine[0]!.id));
    expect(expired).toMatchObject({ status: 'resolved', resolutionReason: 'expired' });
  });
});

describe("cron dead-man's switch", () => {
  it('alerts the admins when a job has not succeeded within twice its interval, and clears on success', async () => {
    const rule = await createRule({ check: 'cron_deadman', rule_type: 'schedule', conditions: { multiplier: 2 }, alert_config: { recipients: ['role:admin'], severity: 'error' } });
    // the scheduler has run for an hour; escalations (every 15 min) last succeeded 40 min ago
    await db.insert(cronRuns).values([
      { job: 'escalations', status: 'succeeded', startedAt: minutesAgo(60), finishedAt: minutesAgo(60) },
      { job: 'escalations', status: 'succeeded', startedAt: minutesAgo(40), finishedAt: minutesAgo(40) },
      { job: 'escalations', status: 'failed', startedAt: minutesAgo(20), finishedAt: minutesAgo(20), error: 'boom' },
    ]);
    await tick(rule);
    const open = (await alertsOfRule(rule.id)).filter((a) => a.status !== 'resolved');
    const escalations = open.find((a) => a.resourceId === 'escalations');
    expect(escalations).toBeTruthy();
    expect(await recipientsOf(escalations!.id)).toContain(admin.id);
    await tick(rule);
    const [repeated] = await db.select().from(alerts).where(eq(alerts.id, escalations!.id));
    expect(repeated!.occurrences).toBe(2);

    await db.insert(cronRuns).values({ job: 'escalations', status: 'succeeded', startedAt: new Date(), finishedAt: new Date() });
    await tick(rule);
    const [after] = await db.select().from(alerts).where(and(eq(alerts.id, escalations!.id)));
    expect(after!.status).toBe('resolved');
  });
});
