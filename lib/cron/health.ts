import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlTextArray } from '@/db/sql-arrays';
import { CRON_ENTRIES, intervalSeconds, jobName } from './schedule';

/** A job is late once it has gone this many of its intervals without a success (one interval of grace). */
export const LATE_AFTER_INTERVALS = 2;

export type JobHealth = { job: string; schedule: string; last_success_at: string | null; late: boolean };
export type CronHealth = { status: 'ok' | 'degraded'; late_jobs: string[]; jobs: JobHealth[] };

/**
 * Every scheduled job (vercel.json) with its last success and whether it is late. A job that has
 * never succeeded is counted from the first run of any job: a new install is not late, and one
 * whose scheduler never ran is for the outside monitor (HEARTBEAT_URL) to notice. One statement
 * over the (job, started_at) index.
 */
export async function cronHealth(db: Tx, now = new Date()): Promise<CronHealth> {
  const names = CRON_ENTRIES.map(jobName);
  const rows = await db.execute<{ job: string; last_success_at: string | null; first_run_at: string | null }>(sql`
    select j.job, s.finished_at as last_success_at, (select min(started_at) from cron_runs) as first_run_at
      from unnest(${sqlTextArray(names)}) as j(job)
      left join lateral (select finished_at from cron_runs r where r.job = j.job and r.status = 'succeeded'
                          order by r.started_at desc limit 1) s on true`);
  const jobs = CRON_ENTRIES.map((entry): JobHealth => {
    const row = rows.find((r) => r.job === jobName(entry));
    const lastSuccess = row?.last_success_at ? new Date(row.last_success_at) : null;
    const since = lastSuccess ?? (row?.first_run_at ? new Date(row.first_run_at) : null);
    const late = since !== null && now.getTime() - since.getTime() > LATE_AFTER_INTERVALS * intervalSeconds(entry.schedule) * 1000;
    return { job: jobName(entry), schedule: entry.schedule, last_success_at: lastSuccess?.toISOString() ?? null, late };
  });
  const lateJobs = jobs.filter((j) => j.late).map((j) => j.job);
  return { status: lateJobs.length ? 'degraded' : 'ok', late_jobs: lateJobs, jobs };
}
