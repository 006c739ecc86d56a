/**
 * npm run bench:analytics — GET /api/v1/alerts/analytics over a large history, through the
 * production server with a token, as the /analytics page calls it.
 *   BENCH_ROWS          inbox (alert_recipients) rows, default 10,000,000 (a tenth as many alerts), over 90 days
 *   BENCH_USERS         people (default 10,000); one manager leads the first 100 staff
 *   BENCH_DATABASE_URL  a server to use instead of a throwaway embedded PostgreSQL
 *   BENCH_SAMPLES       timed requests per case (default 20, after 3 untimed)
 *   BENCH_COMPLAINTS    complaints with a change history for the backtest (default 1,000,000)
 *   BENCH_BACKTEST_SAMPLES  timed backtests per case (default 5, after 1 untimed)
 * Alerts are spread over 90 days: ~80% acknowledged after 1–60 minutes, ~70% resolved, one in ten
 * with a sent email; 200,000 complaints with resolution deadlines over the same days. The backtest's
 * complaints are written through the change-log trigger over the last 35 days (bench/lib/backtest.ts).
 * Prints one JSON line: {rows, range_30d_ms (admin, everyone, p50), backtest_30d_ms (POST
 * /api/v1/alerts/rules/backtest of the default SLA-breach rule over 30 days, as edited — its cooldown
 * changed — and as saved, p50), range_30d_p95_ms, team_30d_ms (a lead's team of 100, p50),
 * team_30d_p95_ms, range_90d_week_ms, backtest_30d_conditions_ms (an edit of its conditions: two
 * full replays), complaints}.
 */
import { createApiToken } from '../lib/auth/tokens';
import { seedDefaultRules } from '../lib/checks/default-rules';
import { seedAnalyticsHistory } from './lib/analytics-history';
import { seedComplaintHistory, slaRuleBody } from './lib/backtest';
import { logger, openBenchDatabase, pct, round, runBench, startBenchApp } from './lib/harness';

const ROWS = Number(process.env.BENCH_ROWS || 10_000_000);
const USERS = Number(process.env.BENCH_USERS || 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 20);
const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS || 1_000_000);
const BACKTEST_SAMPLES = Number(process.env.BENCH_BACKTEST_SAMPLES || 5);
const DAYS = 90;
const log = logger('analytics');

async function main() {
  const bench = await openBenchDatabase('analytics');
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  try {
    log(`seeding ${ROWS.toLocaleString()} inbox rows over ${DAYS} days`);
    await seedAnalyticsHistory(bench.db, ROWS, USERS, log);
    log(`seeding ${COMPLAINTS.toLocaleString()} complaints with their change history`);
    await seedDefaultRules(bench.db);
    await seedComplaintHistory(bench.db, COMPLAINTS, { first: 3, count: Math.min(USERS, 1000) - 2 }, log);
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
    const backtest = async (body: unknown) => {
      const ms: number[] = [];
      for (let i = 0; i < BACKTEST_SAMPLES + 1; i++) {
        const t = performance.now();
        const res = await fetch(`${app!.baseUrl}/api/v1/alerts/rules/backtest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`backtest → ${res.status} ${text.slice(0, 300)}`);
        if (i === 0) log(`backtest: ${JSON.stringify((JSON.parse(text) as { edited: { counts: unknown } }).edited.counts)}`);
        if (i >= 1) ms.push(performance.now() - t);
      }
      return { p50: round(pct(ms, 0.5), 1), p95: round(pct(ms, 0.95), 1) };
    };
    const body = await slaRuleBody(bench.db, 30);
    const cooldownEdit = await backtest(body);
    log(`backtest, 30 days, SLA rule with its cooldown edited: p50 ${cooldownEdit.p50} ms, p95 ${cooldownEdit.p95} ms`);
    const conditionsEdit = await backtest({ ...body, rule: { ...body.rule, conditions: { deadlines: ['resolution'] } } });
    log(`backtest, 30 days, SLA rule with its conditions edited: p50 ${conditionsEdit.p50} ms, p95 ${conditionsEdit.p95} ms`);
    console.log(JSON.stringify({
      rows: ROWS, range_30d_ms: everyone.p50, backtest_30d_ms: cooldownEdit.p50, range_30d_p95_ms: everyone.p95, team_30d_ms: team.p50, team_30d_p95_ms: team.p95,
      range_90d_week_ms: quarter.p50, backtest_30d_conditions_ms: conditionsEdit.p50, complaints: COMPLAINTS,
    }));
  } finally {
    app?.stop();
    await bench.close();
  }
}

runBench(main);
