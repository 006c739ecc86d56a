import { Cron } from 'croner';
import vercel from '@/vercel.json';

export type CronEntry = { path: string; schedule: string };

/** The cron entries of vercel.json — the one place schedules live (bundled, so it works on Vercel too). */
export const CRON_ENTRIES: CronEntry[] = vercel.crons;

export const jobName = (entry: CronEntry) => entry.path.replace(/^\/api\/cron\//, '');

/** Seconds between two consecutive runs of a schedule. */
export function intervalSeconds(schedule: string): number {
  const [a, b] = new Cron(schedule, { paused: true, timezone: 'UTC' }).nextRuns(2);
  return Math.round((b!.getTime() - a!.getTime()) / 1000);
}
