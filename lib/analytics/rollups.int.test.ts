import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ApiError } from '@/lib/api/problem';
import { acknowledgeAlert, resolveAlert } from '@/lib/alerts/lifecycle';
import { purgeResolvedAlerts } from '@/lib/alerts/retention';
import { asViewer, createUser } from '@/test/fixtures';
import { alertAnalytics } from './analytics';
import { complaintsDueRollupSql, complaintsDueSql } from './everyone';
import { foldRollups, rebuildRollups } from './fold';

/**
 * The analytics rollups as the folds keep them (lib/analytics/fold.ts), against the same rollups
 * rebuilt from the rows (rebuildRollups), after each kind of write; and unchanged when retention
 * deletes the rows they counted (db/legacy-migrations/0025).
 */
const ROLLUPS = sql`
  select json_build_object(
    'hours', (select json_agg(h order by h) from (select hour, severity, alert_type, rule_id, rule_name, sum(opened) o, sum(acknowledged) a, sum(resolved) r,
                                                          sum(unattended) u, sum(open) op, sum(closed) c
                                                     from alert_hours group by 1, 2, 3, 4, 5
                                                   having (sum(opened), sum(acknowledged), sum(resolved), sum(unattended), sum(open), sum(closed)) <> (0, 0, 0, 0, 0, 0)) h),
    'durations', (select json_agg(d order by d) from (select span, start, measure, bin, n, ms from alert_durations where n <> 0 or ms <> 0) d),
    'deliveries', (select json_agg(d order by d) from (select hour, channel, status, sum(n) n from alert_delivery_hours group by 1, 2, 3 having sum(n) <> 0) d),
    'people', (select json_agg(p order by p) from (select day, user_id, sum(alerts) a, sum(acknowledged) k from alert_person_days group by 1, 2
                                                   having (sum(alerts), sum(acknowledged)) <> (0, 0)) p)) as r`;

async function expectRollupsExact() {
  await foldRollups(db);
  const [live] = await db.execute<{ r: unknown }>(ROLLUPS);
  await rebuildRollups(db);
  const [rebuilt] = await db.execute<{ r: unknown }>(ROLLUPS);
  expect(live!.r).toEqual(rebuilt!.r);
  return live!.r as { hours: unknown[] | null; people: unknown[] | null };
}

/** An acknowledgement racing a resolution of the same alert: one of them answers 409, as it should. */
const whoeverWasFirst = (err: unknown) => {
  if (!(err instanceof ApiError && err.status === 409)) throw err;
};

let admin: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>[];

async function open(n: number, hoursAgo: number, prefix: string) {
  const rows = await db.execute<{ id: number }>(sql`
    with made as (
      insert into alerts (fingerprint, alert_type, severity, title, created_at, first_fired_at, last_fired_at, metadata)
      select ${prefix} || g, case when g % 3 = 0 then 'sla_breach' else 'custom' end, (array['info','warning','error','critical'])[1 + g % 4], 't',
             now() - make_interval(hours => ${hoursAgo}::int, mins => g), now(), now(), '{"rule_name":"api"}'
        from generate_series(1, ${n}::int) g
      returning id, created_at, severity
    ), inbox as (
      insert into alert_recipients (alert_id, user_id, reason, severity, created_at)
      select m.id, u.id, 'user', m.severity, m.created_at from made m cross join unnest(${`{${staff.map((s) => s.id).join(',')}}`}::bigint[]) u(id)
       where (m.id + u.id) % 2 = 0
    ), out as (
      insert into deliveries (alert_id, kind, channel, target, status, idempotency_key, created_at)
      select m.id, 'fired', 'email', 'x@example.com', 'pending', ${prefix} || m.id, m.created_at from made m
    )
    select id from made order by id`);
  return rows.map((r) => Number(r.id));
}

beforeAll(async () => {
  admin = await createUser('admin');
  staff = [await createUser('staff'), await createUser('staff'), await createUser('staff')];
});

describe('analytics rollups', () => {
  it('stay equal to the rows through firing, acknowledging, resolving and delivering', async () => {
    const ids = await open(40, 30, 'r1:');
    await expectRollupsExact();

    const viewer = asViewer(admin);
    for (const id of ids.slice(0, 10)) await acknowledgeAlert(db, viewer, id);
    for (const id of ids.slice(5, 20)) await resolveAlert(db, viewer, id);
    await db.execute(sql`update deliveries set status = 'sent', sent_at = created_at + make_interval(secs => 3 + alert_id % 5) where alert_id = any(${`{${ids.slice(0, 25).join(',')}}`}::bigint[])`);
    // a re-firing touches only occurrences: nothing moves
    await db.execute(sql`update alerts set occurrences = occurrences + 1, last_fired_at = now() where id = any(${`{${ids.join(',')}}`}::bigint[])`);
    const before = await expectRollupsExact();
    expect(before.hours).not.toBeNull();
  });

  it('are kept off the write path: a firing and its acknowledgement leave them alone until a fold', async () => {
    await foldRollups(db);
    const [before] = await db.execute<{ r: unknown }>(ROLLUPS);
    const ids = await open(5, 1, 'w0:');
    await acknowledgeAlert(db, asViewer(admin), ids[0]!);
    await db.execute(sql`update deliveries set status = 'sent', sent_at = now() where alert_id = ${ids[1]!}`);
    const [untouched] = await db.execute<{ r: unknown }>(ROLLUPS);
    expect(untouched!.r).toEqual(before!.r);
    expect(await foldRollups(db)).toEqual({ alerts_folded: 5, inbox_rows_folded: expect.any(Number), deliveries_folded: 5 });
    // nothing changed since: nothing to fold
    expect(await foldRollups(db)).toEqual({ alerts_folded: 0, inbox_rows_folded: 0, deliveries_folded: 0 });
    await expectRollupsExact();
  });

  it('count each change once when folds run at once, in small batches, beside writers', async () => {
    const ids = await open(60, 3, 'f0:');
    const viewer = asViewer(admin);
    await Promise.all([
      foldRollups(db, { batch: 7 }),
      ...ids.slice(0, 20).map((id) => db.transaction((tx) => acknowledgeAlert(tx, viewer, id)).catch(whoeverWasFirst)),
      foldRollups(db, { batch: 3 }),
      ...ids.slice(10, 40).map((id) => db.transaction((tx) => resolveAlert(tx, viewer, id)).catch(whoeverWasFirst)),
      foldRollups(db, { batch: 11 }),
    ]);
    await expectRollupsExact();
  });

  it('stay exact under concurrent writers on the same hours', async () => {
    const ids = await open(30, 2, 'c0:');
    const viewer = asViewer(admin);
    await Promise.all([
      // in the hour before this one: the same hour for every writer, and never in the future
      ...[1, 2, 3, 4].map((k) => db.transaction(async (tx) => {
        await tx.execute(sql`
          insert into alerts (fingerprint, alert_type, severity, title, created_at, first_fired_at, last_fired_at)
          select ${`c${k}:`} || g, 'custom', 'warning', 't', date_trunc('hour', now()) - interval '1 hour' + make_interval(secs => g), now(), now() from generate_series(1, 50) g`);
      })),
      ...ids.slice(0, 15).map((id) => db.transaction((tx) => acknowledgeAlert(tx, viewer, id)).catch(whoeverWasFirst)),
      ...ids.slice(10, 25).map((id) => db.transaction((tx) => resolveAlert(tx, viewer, id)).catch(whoeverWasFirst)),
    ]);
    await expectRollupsExact();
  });

  it('answers the API from the rollups as the rows would: every window edge and bucket', async () => {
    const to = new Date();
    for (const [hours, bucket] of [[30, 'hour'], [72, 'day'], [24 * 20, 'week']] as const) {
      const from = new Date(to.getTime() - hours * 3_600_000 - 17 * 60_000);
      const q = { from: from.toISOString(), to: to.toISOString(), bucket };
      const live = await alertAnalytics(db, asViewer(admin), q);
      expect(live.series.reduce((n, b) => n + b.opened, 0)).toBe(live.totals.alerts);
      const [raw] = await db.execute<{ n: number; open: number }>(sql`
        select count(*) filter (where created_at >= ${q.from}::timestamptz and created_at < ${q.to}::timestamptz)::int as n,
               count(*) filter (where status <> 'resolved')::int as open from alerts`);
      expect(live.totals.alerts).toBe(raw!.n);
      expect(live.totals.open_now).toBe(raw!.open);
      expect(live.series.at(-1)!.open_at_end).toBe(raw!.open);
    }
  });

  it('outlive retention: the days whose alerts the cleanup deletes keep their figures', async () => {
    // 20 alerts of 100 days ago, acknowledged, resolved and delivered then
    const ids = await open(20, 100 * 24, 'old:');
    const list = sql`${`{${ids.join(',')}}`}::bigint[]`;
    await db.execute(sql`update alerts set status = 'resolved', acknowledged_at = created_at + interval '4 minutes',
                                           resolved_at = created_at + interval '40 minutes' where id = any(${list})`);
    await db.execute(sql`update deliveries set status = 'sent', sent_at = created_at + interval '2 seconds' where alert_id = any(${list})`);
    await expectRollupsExact();
    const day = (daysAgo: number) => {
      const d = new Date();
      d.setUTCHours(0, 0, 0, 0);
      return new Date(d.getTime() - daysAgo * 86_400_000).toISOString();
    };
    const q = { from: day(102), to: day(97), bucket: 'day' as const };
    const [rollupsBefore] = await db.execute<{ r: unknown }>(ROLLUPS);
    const analyticsBefore = await alertAnalytics(db, asViewer(admin), q);
    expect(analyticsBefore.totals.alerts).toBe(20);

    // the daily cleanup deletes them (and, by cascade, their inbox rows and deliveries)
    expect(await purgeResolvedAlerts(db, 90, 7)).toBe(20);
    const [gone] = await db.execute<{ n: number }>(sql`
      select (select count(*) from alerts where id = any(${list})) + (select count(*) from alert_recipients where alert_id = any(${list}))
             + (select count(*) from deliveries where alert_id = any(${list}))::int as n`);
    expect(Number(gone!.n)).toBe(0);
    const [rollupsAfter] = await db.execute<{ r: unknown }>(ROLLUPS);
    expect(rollupsAfter!.r).toEqual(rollupsBefore!.r);
    expect(await alertAnalytics(db, asViewer(admin), q)).toEqual(analyticsBefore);
  });
});

describe('complaints due per hour', () => {
  const DUE = sql`select json_agg(h order by h.hour) as r from (select hour, sum(met) m, sum(late) l, sum(open) o from complaint_due_hours group by 1
                                                              having (sum(met), sum(late), sum(open)) <> (0, 0, 0)) h`;
  const expectExact = async () => {
    const [live] = await db.execute<{ r: unknown }>(DUE);
    await db.execute(sql`select ops_rebuild_complaint_due_hours()`);
    const [rebuilt] = await db.execute<{ r: unknown }>(DUE);
    expect(live!.r).toEqual(rebuilt!.r);
    return live!.r as unknown[] | null;
  };

  it('stay equal to the complaints through creation, resolution, a moved deadline, reopening and deletion', async () => {
    await db.execute(sql`
      insert into complaints (reference, title, resolution_due_at, resolved_at, created_at)
      select 'DUE-' || g, 'due', now() - make_interval(hours => g % 50, mins => g), case when g % 3 = 0 then now() - make_interval(hours => g % 60) end, now() - interval '3 days'
        from generate_series(1, 300) g`);
    expect((await expectExact())?.length).toBeGreaterThan(20);
    await db.execute(sql`update complaints set resolved_at = now(), status = 'resolved' where reference like 'DUE-%' and resolved_at is null and id % 4 = 0`);
    await expectExact();
    await db.execute(sql`update complaints set resolution_due_at = resolution_due_at + interval '5 hours' where reference like 'DUE-%' and id % 5 = 0`);
    await expectExact();
    await db.execute(sql`update complaints set resolved_at = null, status = 'open' where reference like 'DUE-%' and id % 7 = 0`);
    await expectExact();
    await db.execute(sql`delete from complaints where reference like 'DUE-%' and id % 11 = 0`);
    await expectExact();
  });

  it('answer every window as the complaints themselves do, the current hour included', async () => {
    const now = new Date();
    const day = (x: SQL) => sql`date_trunc('day', ${x}, 'UTC')`;
    for (const [from, to] of [
      [new Date(now.getTime() - 49 * 3_600_000 - 13 * 60_000), now],
      [new Date(now.getTime() - 30 * 3_600_000), new Date(now.getTime() + 2 * 3_600_000)],
      [new Date(now.getTime() - 7 * 3_600_000 - 59 * 60_000), new Date(now.getTime() - 2 * 3_600_000 - 1_000)],
    ] as const) {
      const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
      const rows = (q: SQL) => db.execute<{ start: string; met: number; breached: number }>(sql`select to_json(start)#>>'{}' as start, met, breached from (${q}) x where met <> 0 or breached <> 0 order by start`);
      expect(await rows(complaintsDueRollupSql(day, from, to, now))).toEqual(await rows(complaintsDueSql(day, ts(from), ts(to), null)));
    }
  });
});
