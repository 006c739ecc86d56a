import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { cronRuns } from '@/db/schema';
import { recordJob } from '@/lib/metrics/registry';
import { JOBS, type JobCounts } from './jobs';

export type CronRunSummary = {
  job: string;
  run_id: number;
  status: 'succeeded' | 'failed' | 'skipped';
  started_at: string;
  finished_at: string;
  duration_ms: number;
  counts: JobCounts;
  details?: unknown;
  error?: string;
};

/** Stable advisory-lock key per job name. */
function lockKey(job: string): number {
  let h = 0x5eed;
  for (const ch of job) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Run a job once: a cron_runs row records it; a transaction-scoped advisory lock makes a
 * concurrent call of the same job a recorded no-op ("skipped") instead of a second run. The job's
 * `after` step runs once that transaction has committed, outside the lock (jobs.ts).
 */
export async function runCronJob(db: Db, name: string): Promise<CronRunSummary | null> {
  const job = JOBS[name];
  if (!job) return null;
  const started = new Date();
  const [run] = await db.insert(cronRuns).values({ job: name, startedAt: started }).returning({ id: cronRuns.id });
  const finish = async (status: CronRunSummary['status'], counts: JobCounts, error?: string, details?: unknown) => {
    const finished = new Date();
    await db.update(cronRuns).set({ status, counts, error: error ?? null, finishedAt: finished }).where(eq(cronRuns.id, run!.id));
    recordJob(name, status, finished.getTime() - started.getTime());
    return {
      job: name,
      run_id: run!.id,
      status,
      started_at: started.toISOString(),
      finished_at: finished.toISOString(),
      duration_ms: finished.getTime() - started.getTime(),
      counts,
      ...(details !== undefined ? { details } : {}),
      ...(error ? { error } : {}),
    };
  };
  let committed: JobCounts = {};
  try {
    const outcome = await db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${lockKey(name)}) as ok`);
      if (!lock?.ok) return null;
      return job.run(tx);
    });
    if (!outcome) return finish('skipped', {});
    committed = outcome.counts;
    const later = job.after ? await job.after(db) : {};
    return finish('succeeded', { ...outcome.counts, ...later }, undefined, outcome.details);
  } catch (err) {
    console.error(`[cron] ${name} failed`, err);
    // what the transaction did stays done, and counted
    return finish('failed', committed, err instanceof Error ? err.message : String(err));
  }
}
