/** What every benchmark needs: a throwaway database, the production app on it, and percentiles. */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../db/client';
import { dropDatabase, ensureDatabase, freePort, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../../db/embedded';
import { runMigrations } from '../../db/migrate';
import { buildIfStale, root, spawnWeb, waitForHealth } from '../../scripts/lib/web-app';

export const logger = (name: string) => (m: string) => process.stderr.write(`[bench:${name}] ${m}\n`);

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
};
export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** A fresh, migrated database on BENCH_DATABASE_URL's server or on a throwaway embedded PostgreSQL. */
export async function openBenchDatabase(prefix: string) {
  process.chdir(root);
  let embedded: EmbeddedServer | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), `ops-alerts-bench-${prefix}-`));
    chmodSync(dir, 0o755);
    // pg_stat_statements with planning time: database time per unit of work (dbTime), and with
    // BENCH_PG_STATS=1 the top statements (topStatements below)
    const flags = ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on'];
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false, port: await freePort(), flags });
    adminUrl = embedded.adminUrl;
  }
  const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await runMigrations(url);
  const { db, client } = createDb(url, { max: 4 });
  // on a server without the library preloaded (BENCH_DATABASE_URL) there are no statement figures
  const stats = await client`create extension if not exists pg_stat_statements`.then(
    () => client`select 1 from pg_stat_statements limit 1`.then(() => true),
    () => false,
  );
  return {
    url,
    db,
    client,
    /** With BENCH_PG_STATS=1: where the database's time went, the top statements by total (plan + execute) time. */
    async topStatements(limit = 15) {
      if (process.env.BENCH_PG_STATS !== '1' || !stats) return [];
      return client`
        select round((total_plan_time + total_exec_time)::numeric, 1) as total_ms, calls,
               round((total_plan_time / greatest(calls, 1))::numeric, 3) as plan_ms_per_call,
               round((total_exec_time / greatest(calls, 1))::numeric, 3) as exec_ms_per_call,
               left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
          from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
         order by total_plan_time + total_exec_time desc limit ${limit}`;
    },
    /** Forget the statement figures so far (this database's). */
    async resetStats() {
      if (stats) await client`select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`;
    },
    /** Planning plus execution time of the statements run on this database since the last reset, in ms; null without pg_stat_statements. */
    async dbTimeMs(): Promise<number | null> {
      if (!stats) return null;
      const [row] = await client<{ ms: number }[]>`
        select coalesce(sum(total_plan_time + total_exec_time), 0)::float8 as ms
          from pg_stat_statements
         -- top-level statements only: a trigger's statements are counted inside the one that fired it
         where dbid = (select oid from pg_database where datname = current_database()) and toplevel`;
      return row!.ms;
    },
    async close() {
      await client.end();
      await dropDatabase(adminUrl, name).catch(() => {});
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The production build, served by `next start` on a free port against `url`. */
export async function startBenchApp(url: string, log: (m: string) => void) {
  const env = { ...process.env, DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString('hex'), CRON_SECRET: randomBytes(16).toString('hex'), DB_POOL_MAX: '10' };
  await buildIfStale(env, log);
  const port = await freePort();
  // BENCH_APP_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server alone
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_SERVER=next-start: a bare `next start`, as on Vercel (no delivery worker: messages go after each response)
  const web = spawnWeb(process.env.BENCH_SERVER === 'next-start' ? 'next-start' : 'start', port, env, 'ignore', nodeArgs);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseUrl}/api/health`, web);
  return { baseUrl, stop: () => web.kill('SIGTERM') };
}

/** Run a bench's main: exit 0 when it is done (its servers and pools may keep the loop alive), 1 on a failure. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
