import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { sqlTextArray } from '@/db/sql-arrays';
import { notFound } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { JOBS } from '@/lib/cron/jobs';
import { runCronJob, type CronRunSummary } from '@/lib/cron/run';
import { CRON_ENTRIES, intervalSeconds, jobName } from '@/lib/cron/schedule';
import type { JobRun, JobsOverview } from '@/lib/validation/admin';

const RECENT = 10;


/**
 * Every cron job: its schedule (vercel.json), next run, whether it is late (no success within
 * twice its interval), its last success and its last ten runs, in one query over the
 * (job, started_at) index.
 */
export async function jobsOverview(db: Tx, viewer: Viewer): Promise<JobsOverview> {
  requirePermission(viewer, 'alerts.manage');
  const names = Object.keys(JOBS);
  const rows = await db.execute<JobRun & { job: string; last_success_at: string | null }>(sql`
    select j.job, r.id, r.status, r.started_at, r.finished_at, r.duration_ms, r.counts, r.error, ok.last_success_at
      from unnest(${sqlTextArray(names)}) as j(job)
      -- once per job, not once per run row
      cross join lateral (select max(s.started_at) as last_success_at from cron_runs s where s.job = j.job and s.status = 'succeeded') ok
      left join lateral (
        select id, status, started_at, finished_at, counts, error,
               (extract(epoch from finished_at - started_at) * 1000)::int as duration_ms
          from cron_runs c where c.job = j.job order by c.started_at desc limit ${RECENT}) r on true
     order by j.job, r.started_at desc`);
  const now = Date.now();
  return {
    jobs: names.map((job) => {
      const mine = rows.filter((r) => r.job === job);
      const entry = CRON_ENTRIES.find((e) => jobName(e) === job);
      const lastSuccess = mine[0]?.last_success_at ? new Date(mine[0].last_success_at) : null;
      const interval = entry ? intervalSeconds(entry.schedule) * 1000 : null;
      return {
        job,
        schedule: entry?.schedule ?? null,
        next_run_at: entry ? (new Cron(entry.schedule, { paused: true, timezone: 'UTC' }).nextRun()?.toISOString() ?? null) : null,
        late: interval !== null && (lastSuccess === null || now - lastSuccess.getTime() > 2 * interval),
        last_success_at: lastSuccess?.toISOString() ?? null,
        runs: mine
          .filter((r) => r.id !== null)
          .map((r) => ({
            id: Number(r.id),
            status: r.status,
            started_at: new Date(r.started_at).toISOString(),
            finished_at: r.finished_at ? new Date(r.finished_at).toISOString() : null,
            duration_ms: r.duration_ms,
            counts: r.counts,
            error: r.error,
          })),
      };
    }),
  };
}

/** Run a job now, as its cron would (same lock, same run record); audited. */
export async function runJobNow(db: Db, viewer: Viewer, job: string): Promise<CronRunSummary> {
  requirePermission(viewer, 'alerts.manage');
  if (!JOBS[job]) throw notFound('Job');
  const run = (await runCronJob(db, job))!;
  await recordAudit(db, viewer, 'job.run', { type: 'job', id: job }, { run_id: run.run_id, status: run.status });
  return run;
}
