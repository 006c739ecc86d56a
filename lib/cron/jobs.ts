import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { escalateDueAlerts } from '@/lib/alerts/escalate';
import { finishAlertWrite } from '@/lib/alerts/finish-write';
import { foldRollups } from '@/lib/analytics/fold';
import { releaseEndedSilences } from '@/lib/alerts/release';
import { purgeAuthFailures } from '@/lib/auth/failure-limit';
import { purgeRevokedSessions } from '@/lib/auth/sessions';
import { wakeResolvedSnoozes } from '@/lib/alerts/snooze';
import { expireAlerts, purgeComplaintChanges, purgeCronRuns, purgeResolvedAlerts } from '@/lib/alerts/retention';
import { checksOfJob, runChecks, totalCounts } from '@/lib/checks/registry';
import { purgeWindowRollups } from '@/lib/checks/rollups';
import { dispatchDue } from '@/lib/delivery/dispatch';
import { purgeDigests, queueDueDigests } from '@/lib/delivery/digest-queue';
import { lookupTable } from '@/lib/lookup';

export type JobCounts = Record<string, number>;
export type JobResult = { counts: JobCounts; details?: unknown };
/**
 * `run` does the job's database work in a transaction that holds the job's lock; it commits before
 * `after` (optional) starts, outside the lock and outside any transaction: for work that must not
 * hold locks while it waits, such as sending over the network or deleting in batches.
 */
export type Job = { name: string; run: (tx: Tx) => Promise<JobResult>; after?: (db: Db) => Promise<JobCounts> };

/** Deliveries a deliver tick sends at most; the rest wait for the next tick (or the worker). */
export const DELIVER_PER_TICK = 2000;

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
  const [row] = await tx.execute<{ n: number; user_ids: number[] }>(sql`
    with woke as (
      update alert_recipients set snoozed_until = null, read_at = null, seen_at = null
       where snoozed_until <= now() returning user_id
    ) select count(*)::int as n, array(select distinct user_id from woke) as user_ids from woke`);
  await finishAlertWrite(tx, { inbox_changed_user_ids: row!.user_ids });
  return row!.n;
}

/** The cron jobs; their schedules live once, in vercel.json. */
export const JOBS = lookupTable<Job>({
  sla: checkJob('sla'),
  critical: checkJob('critical'),
  'daily-summary': checkJob('daily-summary'),
  escalations: { name: 'escalations', run: async (tx) => ({ counts: await escalateDueAlerts(tx) }) },
  // the analytics rollups, folded from what changed since the last fold (readers fold too)
  analytics: { name: 'analytics', run: async (tx) => ({ counts: await foldRollups(tx) }) },
  deliver: {
    name: 'deliver',
    // wake-ups and checks (the cron dead-man's switch among them) commit before anything is sent
    run: async (tx) => {
      const snoozesEnded = await wakeSnoozed(tx);
      const resolvedSnoozesEnded = await wakeResolvedSnoozes(tx);
      const released = await releaseEndedSilences(tx);
      // what ends by time (a Prometheus alert's endsAt, a rule's expiry) ends within the minute
      const expired = await expireAlerts(tx);
      const results = await runChecks(tx, checksOfJob('deliver'));
      // every minute, after what woke, expired or resolved above: a digest goes within a minute of
      // its hour, and a period a missed tick did not record is caught up by the next one
      const digests = await queueDueDigests(tx);
      return {
        counts: { snoozes_ended: snoozesEnded + resolvedSnoozesEnded, alerts_told_after_silence: released.told, expired, ...totalCounts(results), ...digests },
        details: results,
      };
    },
    // the outbox, sent outside any transaction: what is due now, up to DELIVER_PER_TICK
    after: async (db) => {
      const sent = await dispatchDue(db, { limit: DELIVER_PER_TICK });
      return { deliveries_sent: sent.sent, deliveries_retrying: sent.retrying, deliveries_dead: sent.dead, deliveries_skipped: sent.skipped };
    },
  },
  cleanup: {
    name: 'cleanup',
    run: async (tx) => ({ counts: { expired: await expireAlerts(tx) } }),
    // deletes in batches, each its own transaction, until done
    after: async (db) => ({
      purged: await purgeResolvedAlerts(db, retentionDays()),
      cron_runs_purged: await purgeCronRuns(db, retentionDays()),
      auth_failures_purged: await purgeAuthFailures(db),
      revoked_sessions_purged: await purgeRevokedSessions(db),
      rollup_buckets_purged: await purgeWindowRollups(db),
      complaint_versions_purged: await purgeComplaintChanges(db),
      digests_purged: await purgeDigests(db, retentionDays()),
    }),
  },
});
