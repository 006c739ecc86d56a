/**
 * npm run bench:triggers — what each trigger left in the schema costs per row it fires for.
 *
 * Every user trigger in the database (pg_trigger) is measured by the write it guards: a statement
 * that writes one row, run BENCH_ROUNDS times (default 400) inside one transaction that is rolled back, with
 * the trigger enabled and then disabled (ALTER TABLE … DISABLE TRIGGER), alternating three times;
 * the cost is the difference of the medians, per row. A trigger with no write listed here fails the
 * bench, so a new trigger cannot go unmeasured.
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 * stdout (last line): {triggers: [{trigger, table, write, with_ms, without_ms, cost_ms_per_row}]}
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { logger, openBenchDatabase, round, runBench } from './lib/harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 400);
const log = logger('triggers');

/** `setup` runs first in the same transaction, untimed: the rows a delete or an update acts on. */
type Write = { name: string; statement: (i: number) => SQL; setup?: SQL };

/** The write each table's triggers guard, by table and event; `i` makes each row its own. */
function writes(ids: { user: number; manager: number; alert: number; complaint: number }): Record<string, Write> {
  const seq = `${Date.now()}`;
  return {
    'alerts:UPDATE': {
      name: 'an alert is resolved',
      // firing alerts, each in two inboxes: the trigger copies the resolution time onto both rows
      setup: sql`with a as (
                   insert into alerts (fingerprint, alert_type, severity, title) select 'br-' || g, 'bench', 'warning', 'Bench' from generate_series(1, ${ROUNDS}::int) g returning id)
                 insert into alert_recipients (alert_id, user_id, reason, severity) select a.id, u.id, 'user', 'warning' from a cross join (values (${ids.user}::bigint), (${ids.manager}::bigint)) u(id)`,
      statement: (i) => sql`update alerts set status = 'resolved', resolved_at = now() where fingerprint = ${`br-${i}`}`,
    },
    'complaints:INSERT': {
      name: 'a complaint arrives',
      statement: (i) => sql`insert into complaints (reference, title, priority, assignee_id, response_due_at, resolution_due_at)
                             values (${`C${seq}-${i}`}, 'Bench', 'medium', ${ids.user}, now() + interval '1 hour', now() + interval '1 day')`,
    },
    'complaints:UPDATE': {
      name: 'a complaint is reassigned',
      statement: (i) => sql`update complaints set assignee_id = ${i % 2 ? ids.manager : ids.user}, updated_at = now() where id = ${ids.complaint}`,
    },
    'complaints:DELETE': {
      name: 'a complaint is deleted',
      setup: sql`insert into complaints (reference, title, priority, resolution_due_at) select 'CD-' || g, 'Bench', 'medium', now() + interval '1 day' from generate_series(1, ${ROUNDS}::int) g`,
      statement: (i) => sql`delete from complaints where reference = ${`CD-${i}`}`,
    },
    'payments:INSERT': {
      name: 'a payment arrives',
      statement: (i) => sql`insert into payments (external_id, amount_cents, provider, status) values (${`p${seq}-${i}`}, 1000, 'stripe', ${i % 10 ? 'succeeded' : 'failed'})`,
    },
    'payments:UPDATE': {
      name: 'a payment changes',
      statement: () => sql`update payments set status = case when status = 'failed' then 'succeeded' else 'failed' end where external_id = 'p-main'`,
    },
    'payments:DELETE': {
      name: 'a payment is deleted',
      setup: sql`insert into payments (external_id, amount_cents, provider, status) select 'pd-' || g, 1000, 'stripe', 'succeeded' from generate_series(1, ${ROUNDS}::int) g`,
      statement: (i) => sql`delete from payments where external_id = ${`pd-${i}`}`,
    },
    'metric_samples:INSERT': { name: 'a metric sample', statement: (i) => sql`insert into metric_samples (metric, value) values ('csat_score', ${3 + (i % 10) / 10})` },
    'metric_samples:UPDATE': { name: 'a metric sample changes', statement: (i) => sql`update metric_samples set value = ${3 + (i % 10) / 10} where metric = 'bench_main'` },
    'metric_samples:DELETE': {
      name: 'a metric sample is deleted',
      setup: sql`insert into metric_samples (metric, value) select 'bench_del', g from generate_series(1, ${ROUNDS}::int) g`,
      statement: (i) => sql`delete from metric_samples where metric = 'bench_del' and value = ${i}`,
    },
    'users:UPDATE': { name: 'a person is renamed', statement: (i) => sql`update users set name = ${`Bench ${i}`} where id = ${ids.user}` },
    'revoked_sessions:INSERT': {
      name: 'a session is revoked',
      statement: (i) => sql`insert into revoked_sessions (sid, user_id, expires_at) values (${`s${seq}-${i}`}, ${ids.user}, now() + interval '1 day')`,
    },
  };
}

/** Seconds for ROUNDS runs of the write, in one transaction that is rolled back. */
async function timeRounds(db: Db, write: Write): Promise<number> {
  let t0 = 0;
  let elapsed = 0;
  await db
    .transaction(async (tx) => {
      if (write.setup) await tx.execute(write.setup);
      t0 = performance.now();
      for (let i = 1; i <= ROUNDS; i++) await tx.execute(write.statement(i));
      elapsed = performance.now() - t0;
      throw new RollBack();
    })
    .catch((err: unknown) => {
      if (!(err instanceof RollBack)) throw err;
    });
  return elapsed / 1000;
}
class RollBack extends Error {}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const bench = await openBenchDatabase('triggers');
  const { db } = bench;
  try {
    const [mgr] = await db.execute<{ id: number }>(sql`insert into users (email, name, role) values ('lead@bench.local', 'Lead', 'manager') returning id`);
    const [user] = await db.execute<{ id: number }>(sql`insert into users (email, name, role, manager_id) values ('staff@bench.local', 'Staff', 'staff', ${mgr!.id}) returning id`);
    await db.execute(sql`insert into users (email, name, role) select 'admin' || g || '@bench.local', 'Admin ' || g, 'admin' from generate_series(1, 3) g`);
    const [alert] = await db.execute<{ id: number }>(sql`insert into alerts (fingerprint, alert_type, severity, title) values ('bench-main', 'bench', 'warning', 'Bench') returning id`);
    await db.execute(sql`insert into alert_recipients (alert_id, user_id, reason, severity) values (${alert!.id}, ${user!.id}, 'user', 'warning')`);
    const [complaint] = await db.execute<{ id: number }>(sql`
      insert into complaints (reference, title, priority, assignee_id, response_due_at, resolution_due_at)
      values ('C-main', 'Bench', 'high', ${user!.id}, now() + interval '1 hour', now() + interval '1 day') returning id`);
    await db.execute(sql`insert into payments (external_id, amount_cents, provider, status) values ('p-main', 1000, 'stripe', 'succeeded')`);
    await db.execute(sql`insert into metric_samples (metric, value) values ('bench_main', 4)`);
    const byKey = writes({ user: user!.id, manager: mgr!.id, alert: alert!.id, complaint: complaint!.id });

    const triggers = await db.execute<{ name: string; table: string; events: string[] }>(sql`
      select t.tgname as name, c.relname as table,
             array_remove(array[case when t.tgtype & 4 <> 0 then 'INSERT' end, case when t.tgtype & 8 <> 0 then 'DELETE' end,
                                case when t.tgtype & 16 <> 0 then 'UPDATE' end], null) as events
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where not t.tgisinternal and n.nspname = 'public'
       order by c.relname, t.tgname`);
    const results = [];
    for (const t of triggers) {
      const event = t.events[0]!;
      const write = byKey[`${t.table}:${event}`];
      if (!write) throw new Error(`no write measured for trigger ${t.name} (${t.table} ${event}): add one to bench/triggers.ts`);
      const on: number[] = [];
      const off: number[] = [];
      await timeRounds(db, write); // warm-up: plans and caches
      for (let k = 0; k < 3; k++) {
        on.push(await timeRounds(db, write));
        await db.execute(sql`alter table ${sql.identifier(t.table)} disable trigger ${sql.identifier(t.name)}`);
        off.push(await timeRounds(db, write));
        await db.execute(sql`alter table ${sql.identifier(t.table)} enable trigger ${sql.identifier(t.name)}`);
      }
      const withMs = (median(on) * 1000) / ROUNDS;
      const withoutMs = (median(off) * 1000) / ROUNDS;
      const row = { trigger: t.name, table: t.table, write: write.name, with_ms: round(withMs, 3), without_ms: round(withoutMs, 3), cost_ms_per_row: round(Math.max(0, withMs - withoutMs), 3) };
      log(JSON.stringify(row));
      results.push(row);
    }
    console.log(JSON.stringify({ rounds: ROUNDS, triggers: results }));
  } finally {
    await bench.close();
  }
}

runBench(main);
