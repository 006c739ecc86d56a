import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, type Tx } from '@/db/client';
import type { AlertRule } from '@/db/schema';
import { runChecks } from '@/lib/checks/registry';
import { asViewer, createRule, createUser } from '@/test/fixtures';
import { backtestRule, type BacktestResult, type BacktestSide } from './backtest';
import { releaseEndedSilences } from './release';

const STEP = 300; // the SLA job runs every 5 minutes
const POINTS = 288; // one day of runs

/**
 * The clock of this transaction: now() is `faketime.now()`, ahead of pg_catalog on the search path,
 * and every column that defaults to now() defaults to it — so the real checks, the change-log
 * trigger and the silences run at the schedule point the test says.
 */
async function fakeClock(tx: Tx) {
  await tx.execute(sql`create schema if not exists faketime`);
  await tx.execute(sql`create or replace function faketime.now() returns timestamptz language sql stable as $$ select current_setting('faketime.now')::timestamptz $$`);
  // read before the search path changes: with faketime first, the deparsed default reads pg_catalog.now()
  const cols = await tx.execute<{ table_name: string; column_name: string }>(sql`
    select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default = 'now()'`);
  expect(cols.length).toBeGreaterThan(10);
  for (const c of cols) await tx.execute(sql`alter table ${sql.identifier(c.table_name)} alter column ${sql.identifier(c.column_name)} set default faketime.now()`);
  await tx.execute(sql`select set_config('faketime.now', now()::text, true)`);
  await tx.execute(sql`set local search_path = faketime, pg_catalog, public`);
  return (k: number) => tx.execute(sql`select set_config('faketime.now', ${new Date(k * STEP * 1000).toISOString()}, true)`);
}

/** Run `f` in a transaction and roll it back (the fake clock and its fixtures go with it), keeping what it returned. */
async function rolledBack<T>(f: (tx: Tx) => Promise<T>): Promise<T> {
  let out: { value: T } | null = null;
  await db
    .transaction(async (tx) => {
      out = { value: await f(tx) };
      throw new Error('rolled back');
    })
    .catch((err: unknown) => {
      if (!out) throw err;
    });
  return (out as unknown as { value: T }).value;
}

/** What the rule really raised and told, in the shape of a backtest side. */
async function whatHappened(tx: Tx, ruleId: number) {
  const [row] = await tx.execute<{ counts: BacktestSide['counts']; per_day: BacktestSide['per_day']; people: { user_id: number; told: number; emails: number }[]; email_to: number; resources: { id: string; alerts: number; repeats: number }[] }>(sql`
    with a as (
      select a.*, exists (select 1 from alert_events e where e.alert_id = a.id and e.kind = 'fired') as told,
             (select count(*) from alert_events e where e.alert_id = a.id and e.kind = 'refired' and (e.details->>'renotify')::boolean)::int as retold,
             (select count(*) from alert_events e where e.alert_id = a.id and e.kind = 'refired')::int as repeats
        from alerts a where a.rule_id = ${ruleId}
    )
    select
      (select json_build_object('alerts', count(*), 'told', count(*) filter (where told),
                                'throttled', count(*) filter (where (metadata->>'throttled')::boolean),
                                'silenced', count(*) filter (where metadata ? 'silenced_by'),
                                'grouped', count(*) filter (where metadata->>'group_key' <> fingerprint),
                                'retold', coalesce(sum(retold), 0), 'resolved', count(*) filter (where status = 'resolved')) from a) as counts,
      (select coalesce(json_agg(d order by d.day), '[]') from (
         select to_char(date_trunc('day', created_at, 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as alerts,
                count(*) filter (where told)::int as told, count(*) filter (where not told)::int as quiet from a group by 1) d) as per_day,
      (select coalesce(json_agg(p order by p.user_id), '[]') from (
         select r.user_id::int, sum(1 + a.retold)::int as told,
                (select count(*) from deliveries d join alerts x on x.id = d.alert_id
                  where x.rule_id = ${ruleId} and d.user_id = r.user_id and d.channel = 'email')::int as emails
           from alert_recipients r join a on a.id = r.alert_id where a.told group by r.user_id) p) as people,
      (select count(*)::int from deliveries d join a on a.id = d.alert_id where d.user_id is null and d.channel = 'email') as email_to,
      (select coalesce(json_agg(x order by x.id), '[]') from (
         select resource_id as id, count(*)::int as alerts, sum(repeats)::int as repeats from a group by resource_id) x) as resources`);
  return row!;
}

const sideAsHappened = (side: BacktestSide) => ({
  counts: { ...side.counts, already_firing: undefined },
  per_day: side.per_day,
  people: side.people.map((p) => ({ user_id: p.user_id, told: p.told, emails: p.emails })).sort((a, b) => a.user_id - b.user_id),
  email_to: side.channels.email_to,
});

describe('rule backtest', () => {
  let admin: Awaited<ReturnType<typeof createUser>>;
  let breached: AlertRule;
  let atRisk: AlertRule;
  let results: { breached: BacktestResult; atRisk: BacktestResult; edit: BacktestResult; happened: { breached: Awaited<ReturnType<typeof whatHappened>>; atRisk: Awaited<ReturnType<typeof whatHappened>> }; refs: Record<string, number> };

  beforeAll(async () => {
    admin = await createUser('admin');
    const lead = await createUser('manager');
    const lead2 = await createUser('manager');
    const ann = await createUser('staff', { managerId: lead.id });
    const bob = await createUser('staff', { managerId: lead2.id });
    // preferences the replay must honour: Bob takes no email; the second lead has turned at-risk alerts off
    await db.execute(sql`insert into notification_preferences (user_id, email_enabled) values (${bob.id}, false)`);
    await db.execute(sql`insert into alert_subscriptions (user_id, alert_type, is_enabled) values (${lead2.id}, 'sla_at_risk', false)`);
    // the first lead reads non-critical alerts in an hourly digest: no single emails for at-risk ones
    await db.execute(sql`insert into notification_preferences (user_id, digest_frequency) values (${lead.id}, 'hourly')`);

    breached = await createRule({
      check: 'sla_breached',
      rule_type: 'sla',
      conditions: { deadlines: ['response', 'resolution'] },
      alert_config: {
        severity: 'critical', recipients: ['assignee', 'manager'], channels: ['in_app', 'email'], email_to: ['oncall@example.com'],
        cooldown_minutes: 30, max_per_hour: 3,
      },
    });
    atRisk = await createRule({
      check: 'sla_at_risk',
      rule_type: 'sla',
      conditions: { buffer_minutes: 60, deadlines: ['response', 'resolution'] },
      alert_config: { severity: 'warning', recipients: ['assignee', 'role:manager'], channels: ['in_app', 'email'], cooldown_minutes: 10, group_window_minutes: 30 },
    });

    // one day of schedule points, ending a little before now
    const k1 = Math.floor(Date.now() / 1000 / STEP) - 3;
    const k0 = k1 - POINTS;
    const at = (p: number) => new Date((k0 + p) * STEP * 1000).toISOString();
    const refs: Record<string, number> = {};

    results = await rolledBack(async (tx) => {
      const clock = await fakeClock(tx);
      const add = async (ref: string, o: { assignee: number | null; response?: number; resolution?: number }) => {
        const [row] = await tx.execute<{ id: number }>(sql`
          insert into complaints (reference, title, assignee_id, response_due_at, resolution_due_at)
          values (${ref}, ${`Complaint ${ref}`}, ${o.assignee}, ${o.response === undefined ? null : at(o.response)}::timestamptz,
                  ${o.resolution === undefined ? null : at(o.resolution)}::timestamptz)
          returning id`);
        refs[ref] = Number(row!.id);
      };
      const change = (ref: string, set: ReturnType<typeof sql>) => tx.execute(sql`update complaints set ${set}, updated_at = now() where reference = ${ref}`);
      const respond = (ref: string) => change(ref, sql`first_responded_at = now(), status = 'in_progress'`);
      const resolve = (ref: string) => change(ref, sql`resolved_at = now(), status = 'resolved'`);

      // what happens, at which schedule point (negative: before the window opens)
      const timeline: Record<number, (() => Promise<unknown>)[]> = {
        [-30]: [
          () => add('C1', { assignee: ann.id, response: 10, resolution: 400 }),
          () => add('C2', { assignee: ann.id, response: 200, resolution: 30 }),
          () => add('C3', { assignee: bob.id, resolution: 50 }),
          () => add('C4', { assignee: null, response: 60 }),
          ...[5, 6, 7, 8, 9].map((n) => () => add(`C${n}`, { assignee: n % 2 ? ann.id : bob.id, resolution: 120 })),
          () => add('C10', { assignee: bob.id, resolution: 125 }),
          () => add('C11', { assignee: ann.id, resolution: 160 }),
          () => add('C12', { assignee: ann.id, response: 175 }),
        ],
        [-5]: [() => respond('C2')],
        20: [() => respond('C1')],
        // a deadline moved: at risk again later
        45: [() => change('C3', sql`resolution_due_at = ${at(80)}::timestamptz`)],
        90: [() => resolve('C3')],
        100: [() => resolve('C2')],
        121: [() => resolve('C5'), () => resolve('C6')],
        130: [() => resolve('C7'), () => resolve('C8'), () => resolve('C9'), () => resolve('C10')],
        // reopened after its deadline: breached again until resolved once more
        150: [() => change('C10', sql`status = 'open', resolved_at = null`)],
        170: [() => change('C12', sql`assignee_id = ${bob.id}`)],
        200: [() => resolve('C10')],
        240: [() => resolve('C11')],
      };
      await tx.execute(sql`insert into silences (matchers, starts_at, ends_at, comment) values
        (${JSON.stringify({ rule_id: breached.id, resource_type: 'complaint', resource_id: '__C11__' })}::jsonb, ${at(150)}::timestamptz, ${at(190)}::timestamptz, 'maintenance')`);

      for (let p = -30; p <= POINTS; p++) {
        await clock(k0 + p);
        for (const step of timeline[p] ?? []) await step();
        if (p === -30) await tx.execute(sql`update silences set matchers = jsonb_set(matchers, '{resource_id}', to_jsonb(${String(refs.C11)}::text))`);
        if (p < 0) continue;
        await runChecks(tx, ['sla_at_risk', 'sla_breached'], { ruleIds: [breached.id, atRisk.id] });
        await releaseEndedSilences(tx);
      }

      const viewer = asViewer(admin);
      const shape = (r: AlertRule) => ({ ...r, id: r.id, rule_name: r.ruleName, rule_type: r.ruleType, check: r.check, is_enabled: true, description: '', conditions: r.conditions, alert_config: r.alertConfig });
      return {
        breached: await backtestRule(tx, viewer, { rule: shape(breached) as never, days: 1 }),
        atRisk: await backtestRule(tx, viewer, { rule: shape(atRisk) as never, days: 1 }),
        // an edit: a longer cooldown and no hourly cap, side by side with the rule as saved
        edit: await backtestRule(tx, viewer, {
          rule: { ...shape(breached), alert_config: { ...breached.alertConfig, cooldown_minutes: 120, max_per_hour: undefined } } as never,
          days: 1,
        }),
        happened: { breached: await whatHappened(tx, breached.id), atRisk: await whatHappened(tx, atRisk.id) },
        refs,
      };
    });
  }, 120_000);

  it('raises, caps, silences, groups and repeats what running the check at each schedule point raised', () => {
    for (const key of ['breached', 'atRisk'] as const) {
      const happened = results.happened[key];
      const side = results[key].edited!;
      expect(results[key].replayable).toBe(true);
      expect(sideAsHappened(side)).toEqual({
        counts: { ...happened.counts, already_firing: undefined },
        per_day: happened.per_day,
        people: happened.people,
        email_to: happened.email_to,
      });
      // the noisiest resources, as the alerts and repeats really were
      for (const r of side.resources) {
        expect(happened.resources.find((h) => h.id === r.id)).toEqual({ id: r.id, alerts: r.alerts, repeats: r.repeats });
      }
      // the saved rule, unchanged, replays the same
      expect(results[key].saved).toEqual(side);
    }
  });

  it('exercises what the comparison is about', () => {
    const b = results.breached.edited!.counts;
    const r = results.atRisk.edited!.counts;
    expect(b.throttled).toBeGreaterThan(0);
    expect(b.silenced).toBe(1);
    expect(b.retold).toBeGreaterThan(0);
    expect(r.grouped).toBeGreaterThan(0);
    expect(r.already_firing).toBeGreaterThan(0);
    expect(results.happened.breached.people.some((p) => p.emails === 0)).toBe(true);
  });

  it('shows an edit side by side with the rule as saved', () => {
    const { edited, saved } = results.edit;
    expect(saved).toEqual(results.breached.edited);
    // nothing capped any more, fewer repeats past the longer cooldown
    expect(edited!.counts.throttled).toBe(0);
    expect(edited!.counts.told).toBe(saved!.counts.told + saved!.counts.throttled);
    expect(edited!.counts.retold).toBeLessThan(saved!.counts.retold);
    expect(edited!.counts.alerts).toBe(saved!.counts.alerts);
  });

  it('says plainly what it cannot replay', async () => {
    const rule = { rule_name: 'escalations', rule_type: 'event', check: 'escalated_complaint', conditions: {}, alert_config: { severity: 'warning', title_template: 'Escalated' } };
    const result = await backtestRule(db, asViewer(admin), { rule: rule as never, days: 7 });
    expect(result).toMatchObject({ replayable: false, edited: null, saved: null });
    expect(result.caveats[0]).toMatch(/escalated_complaint/);
  });
});

describe('workload backtest', () => {
  const STEP_W = 600; // the critical job (workload) runs every 10 minutes
  let results: { side: BacktestSide; happened: Awaited<ReturnType<typeof whatHappened>> };

  beforeAll(async () => {
    const admin = await createUser('admin');
    const lead = await createUser('manager');
    const staff = [await createUser('staff', { managerId: lead.id }), await createUser('staff', { managerId: lead.id }), await createUser('staff', { managerId: lead.id })];
    const rule = await createRule({
      check: 'staff_workload',
      rule_type: 'threshold',
      conditions: { max_open_items: 3, recovery_items: 1 },
      alert_config: { severity: 'warning', title_template: 'Busy: {{staff.name}}', recipients: ['assignee', 'manager'], channels: ['in_app', 'email'], cooldown_minutes: 30 },
    });
    const k1 = Math.floor(Date.now() / 1000 / STEP_W) - 2;
    const k0 = k1 - 144; // a day of runs
    results = await rolledBack(async (tx) => {
      const clock = (k: number) => tx.execute(sql`select set_config('faketime.now', ${new Date(k * STEP_W * 1000).toISOString()}, true)`);
      await fakeClock(tx);
      let n = 0;
      const open = (who: number, count: number) =>
        tx.execute(sql`insert into complaints (reference, title, assignee_id) select 'W-' || (${n}::int + g), 'w', ${who} from generate_series(1, ${count}::int) g`).then(() => (n += count));
      const close = (who: number, count: number) =>
        tx.execute(sql`update complaints set status = 'resolved', resolved_at = now(), updated_at = now()
                        where id in (select id from complaints where assignee_id = ${who} and status = 'open' order by id limit ${count}::int)`);
      const hand = (from: number, to: number, count: number) =>
        tx.execute(sql`update complaints set assignee_id = ${to}, updated_at = now()
                        where id in (select id from complaints where assignee_id = ${from} and status = 'open' order by id limit ${count}::int)`);
      const [a, b, c] = staff.map((u) => u.id) as [number, number, number];
      const timeline: Record<number, (() => Promise<unknown>)[]> = {
        [-10]: [() => open(a, 5)], // over the threshold before the window opens
        5: [() => open(b, 4)],
        12: [() => close(b, 1)], // 3: under the threshold, over recovery: still firing
        20: [() => close(b, 2)], // 1: recovered
        30: [() => open(b, 3)], // 4 again: a new alert
        40: [() => close(a, 4)],
        60: [() => hand(b, c, 4)], // handed over: b recovers, c takes the load
        100: [() => close(c, 4)],
        110: [() => open(a, 2), () => open(c, 6)],
      };
      for (let p = -10; p <= 144; p++) {
        await clock(k0 + p);
        for (const step of timeline[p] ?? []) await step();
        if (p >= 0) await runChecks(tx, ['staff_workload'], { ruleIds: [rule.id] });
      }
      const r = await backtestRule(tx, asViewer(admin), {
        rule: { id: rule.id, rule_name: rule.ruleName, rule_type: 'threshold', check: 'staff_workload', is_enabled: true, description: '', conditions: rule.conditions, alert_config: rule.alertConfig } as never,
        days: 1,
      });
      expect(r.step_minutes).toBe(10);
      return { side: r.edited!, happened: await whatHappened(tx, rule.id) };
    });
  }, 120_000);

  it('raises, holds by hysteresis, resolves and repeats what running the check at each run raised', () => {
    const { side, happened } = results;
    expect(sideAsHappened(side)).toEqual({
      counts: { ...happened.counts, already_firing: undefined },
      per_day: happened.per_day,
      people: happened.people,
      email_to: happened.email_to,
    });
    for (const r of side.resources) expect(happened.resources.find((h) => h.id === r.id)).toEqual({ id: r.id, alerts: r.alerts, repeats: r.repeats });
    expect(side.resources.every((r) => r.type === 'user')).toBe(true);
    expect(side.counts.alerts).toBeGreaterThanOrEqual(4);
    expect(side.counts.retold).toBeGreaterThan(0);
    expect(side.counts.already_firing).toBe(1);
  });
});
