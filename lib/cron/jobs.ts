import { purgeAuthFailures } from '@/lib/auth/failure-limit';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { escalateDueAlerts } from '@/lib/alerts/escalate';
import { releaseEndedSilences } from '@/lib/alerts/release';
import { wakeResolvedSnoozes } from '@/lib/alerts/snooze';
import { expireAlerts, purgeCronRuns, purgeResolvedAlerts } from '@/lib/alerts/retention';
import { checksOfJob, runChecks, totalCounts } from '@/lib/checks/registry';
import { DISPATCH_BATCH, dispatchDue } from '@/lib/delivery/dispatch';
import { lookupTable } from '@/lib/lookup';

export type JobCounts = Record<string, number>;
export type JobResult = { counts: JobCounts; details?: unknown };
/** `tx` holds the job's lock; `db` is for work that must commit on its own (sending, then recording). */
export type Job = { name: string; run: (tx: Tx, db: Db) => Promise<JobResult> };

const checkJob = (name: string): Job => ({
  name,
  run: async (tx) => {
    const results = await runChecks(tx, checksOfJob(name));
    return { counts: totalCounts(results), details: results };
  },
});

export const retentionDays = () => Math.max(1, Number(process.env.ALERT_RETENTION_DAYS) || 30);

/** Snoozed inbox rows whose time is up come back unread. */
async function wakeSnoozed(tx: Tx): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with woke as (
      update alert_recipients set snoozed_until = null, read_at = null, seen_at = null
       where snoozed_until <= now() returning 1
    ) select count(*)::int as n from woke`);
  return row!.n;
}

/** The cron jobs; their schedules live once, in vercel.json. */
export const JOBS = lookupTable<Job>({
  sla: checkJob('sla'),
  critical: checkJob('critical'),
  'daily-summary': checkJob('daily-summary'),
  escalations: { name: 'escalations', run: async (tx) => ({ counts: await escalateDueAlerts(tx) }) },
  deliver: {
    name: 'deliver',
    run: async (tx, db) => {
      const woken = (await wakeSnoozed(tx)) + (await wakeResolvedSnoozes(tx));
      const released = await releaseEndedSilences(tx);
      const results = await runChecks(tx, checksOfJob('deliver'));
      // the outbox: what is due now, in batches, for at most 20 batches a tick
      const sent = { sent: 0, retrying: 0, dead: 0, skipped: 0 };
      for (let batch = 0; batch < 20; batch++) {
        const { claimed, ...counts } = await dispatchDue(db);
        for (const k of Object.keys(sent) as (keyof typeof sent)[]) sent[k] += counts[k];
        if (claimed < DISPATCH_BATCH) break;
      }
      const deliveries = { deliveries_sent: sent.sent, deliveries_retrying: sent.retrying, deliveries_dead: sent.dead, deliveries_skipped: sent.skipped };
      return { counts: { snoozes_ended: woken, alerts_told_after_silence: released.told, ...deliveries, ...totalCounts(results) }, details: results };
    },
  },
  cleanup: {
    name: 'cleanup',
    run: async (tx) => {
      const expired = await expireAlerts(tx);
      const purged = await purgeResolvedAlerts(tx, retentionDays());
      const runs = await purgeCronRuns(tx, retentionDays());
      const authFailures = await purgeAuthFailures(tx);
      return { counts: { expired, purged, cron_runs_purged: runs, auth_failures_purged: authFailures } };
    },
  },
});
