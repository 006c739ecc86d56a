import type { Tx } from '@/db/client';
import { runChecks } from '@/lib/checks/registry';

export type JobCounts = Record<string, number>;
export type JobResult = { counts: JobCounts; details?: unknown };
export type Job = { name: string; run: (tx: Tx) => Promise<JobResult> };

function sum(results: { created: number; resolved: number; recipients: number; candidates: number }[]): JobCounts {
  return results.reduce(
    (a, r) => ({
      rules: a.rules! + 1,
      candidates: a.candidates! + r.candidates,
      created: a.created! + r.created,
      resolved: a.resolved! + r.resolved,
      recipients: a.recipients! + r.recipients,
    }),
    { rules: 0, candidates: 0, created: 0, resolved: 0, recipients: 0 } as JobCounts,
  );
}

/** The cron jobs; their schedules live once, in vercel.json. */
export const JOBS: Record<string, Job> = {
  sla: {
    name: 'sla',
    run: async (tx) => {
      const results = await runChecks(tx, ['sla_at_risk', 'sla_breached']);
      return { counts: sum(results), details: results };
    },
  },
};
