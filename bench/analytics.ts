/**
 * npm run bench:analytics — GET /api/v1/alerts/analytics over a large history, through the
 * production server with a token, as the /analytics page calls it.
 *   BENCH_ROWS          inbox (alert_recipients) rows, default 10,000,000 (a tenth as many alerts), over 90 days
 *   BENCH_USERS         people (default 10,000); one manager leads the first 100 staff
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 *   BENCH_SAMPLES       timed requests per case (default 20, after 3 untimed)
 * Alerts are spread over 90 days: ~80% acknowledged after 1–60 minutes, ~70% resolved, one in ten
 * with a sent email; 200,000 complaints with resolution deadlines over the same days.
 * Prints one JSON line: {rows, range_30d_ms (admin, everyone, p50), range_30d_p95_ms, team_30d_ms (a
 * lead's team of 100, p50), team_30d_p95_ms, range_90d_week_ms}.
 */
import { sql } from 'drizzle-orm';
import { createApiToken } from '../lib/auth/tokens';
import { logger, openBenchDatabase, pct, round, startBenchApp } from './lib/harness';

const ROWS = Number(process.env.BENCH_ROWS || 10_000_000);
const USERS = Number(process.env.BENCH_USERS || 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 20);
const PER_ALERT = 10;
const DAYS = 90;
const log = logger('analytics');

type Db = Awaited<ReturnType<typeof openBenchDatabase>>['db'];

async function seed(db: Db) {
  await db.execute(sql`insert into users (email, name, role) select 'u' || g || '@bench.local', 'User ' || g,
    case when g = 1 then 'admin' when g = 2 then 'manager' else 'staff' end from generate_series(1, ${USERS}::int) g`);
  await db.execute(sql`update users set manager_id = 2 where id between 3 and 102`);
  const alertCount = Math.ceil(ROWS / PER_ALERT);
  const chunk = 100_000;
  for (let from = 1; from <= alertCount; from += chunk) {
    const to = Math.min(alertCount, from + chunk - 1);
    await db.transaction(async (tx) => {
      // a bulk load, not the product path: no NOTIFY or FK triggers
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into alerts (fingerprint, alert_type, severity, title, resource_type, resource_id, status, created_at, first_fired_at, last_fired_at,
                            acknowledged_at, resolved_at, resolution_reason, metadata)
        select 'bench:' || g, (array['sla_breach','sla_at_risk','critical_complaint','payment_failures'])[1 + g % 4],
               (array['info','warning','error','critical'])[1 + g % 4], 'Bench alert ' || g, 'complaint', g::text,
               case when g % 10 < 7 then 'resolved' when g % 10 < 9 then 'acknowledged' else 'firing' end, ts, ts, ts,
               case when g % 5 <> 0 then ts + make_interval(mins => 1 + g % 60) end,
               case when g % 10 < 7 then ts + make_interval(mins => 30 + g % 300) end,
               case when g % 10 < 7 then 'condition_cleared' end, '{"rule_name":"bench"}'
          from generate_series(${from}::int, ${to}::int) g,
               lateral (select now() - make_interval(secs => (${alertCount}::int - g) * (${DAYS * 86400}::float8 / ${alertCount}::int))) t(ts)`);
      await tx.execute(sql`
        insert into alert_recipients (alert_id, user_id, reason, severity, created_at, read_at, alert_resolved_at)
        select a.id, 3 + ((a.id * 7919 + k * 104729) % (${USERS}::int - 2)), 'role', a.severity, a.created_at, a.created_at + interval '5 minutes', a.resolved_at
          from alerts a cross join generate_series(0, ${PER_ALERT - 1}::int) k
         where a.id between ${from}::int and ${to}::int
        on conflict do nothing`);
      await tx.execute(sql`
        insert into deliveries (alert_id, kind, user_id, channel, target, status, attempts, idempotency_key, sent_at, next_attempt_at, created_at)
        select a.id, 'fired', null, 'email', 'team@bench.local', 'sent', 1, 'bench:' || a.id, a.created_at + interval '4 seconds', a.created_at, a.created_at
          from alerts a where a.id between ${from}::int and ${to}::int and a.id % 10 = 0`);
    });
    log(`seeded ${(to * PER_ALERT).toLocaleString()} / ${ROWS.toLocaleString()} inbox rows`);
  }
  await db.execute(sql`
    insert into complaints (reference, title, priority, status, assignee_id, resolution_due_at, resolved_at, created_at)
    select 'B-' || g, 'Bench complaint', 'medium', case when g % 9 = 0 then 'open' else 'closed' end, 3 + g % (${USERS}::int - 2), due,
           case when g % 9 <> 0 then due - interval '2 hours' + make_interval(mins => (g * 37) % 240) end, due - interval '1 day'
      from generate_series(1, 200000) g, lateral (select now() - make_interval(secs => g * (${DAYS * 86400}::float8 / 200000))) t(due)`);
  log('analyze');
  for (const table of ['alerts', 'alert_recipients', 'deliveries', 'complaints', 'users']) await db.execute(sql.raw(`analyze ${table}`));
}

async function main() {
  const bench = await openBenchDatabase('analytics');
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    log(`seeding ${ROWS.toLocaleString()} inbox rows over ${DAYS} days`);
    await seed(bench.db);
    app = await startBenchApp(bench.url, log);
    const admin = (await createApiToken(bench.db, 1, { name: 'bench', scopes: ['alerts.read', 'alerts.manage'] })).token;
    const lead = (await createApiToken(bench.db, 2, { name: 'bench', scopes: ['alerts.read'] })).token;
    const time = async (token: string, days: number, bucket: string) => {
      const to = new Date();
      const q = new URLSearchParams({ from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString(), bucket });
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES + 3; i++) {
        const t = performance.now();
        const res = await fetch(`${app!.baseUrl}/api/v1/alerts/analytics?${q}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (!res.ok) throw new Error(`analytics → ${res.status} ${body.slice(0, 300)}`);
        if (i >= 3) ms.push(performance.now() - t);
      }
      return { p50: round(pct(ms, 0.5), 1), p95: round(pct(ms, 0.95), 1) };
    };
    const everyone = await time(admin, 30, 'day');
    log(`30 days by day, everyone: p50 ${everyone.p50} ms, p95 ${everyone.p95} ms`);
    const team = await time(lead, 30, 'day');
    log(`30 days by day, a lead's team of 100: p50 ${team.p50} ms, p95 ${team.p95} ms`);
    const quarter = await time(admin, 90, 'week');
    log(`90 days by week, everyone: p50 ${quarter.p50} ms`);
    console.log(JSON.stringify({ rows: ROWS, range_30d_ms: everyone.p50, range_30d_p95_ms: everyone.p95, team_30d_ms: team.p50, team_30d_p95_ms: team.p95, range_90d_week_ms: quarter.p50 }));
  } finally {
    app?.stop();
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
