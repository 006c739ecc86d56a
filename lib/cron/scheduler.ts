import { Cron } from 'croner';
import { CRON_ENTRIES, type CronEntry } from './schedule';

/**
 * The local stand-in for Vercel Cron: calls each cron route on its schedule with the secret,
 * exactly as Vercel would. `protect` skips a tick while the previous call is still running.
 */
export function startLocalScheduler(opts: {
  baseUrl: string;
  secret: string;
  entries?: CronEntry[];
  runAtStart?: boolean;
  log: (m: string) => void;
}): () => void {
  const entries = opts.entries ?? CRON_ENTRIES;
  const call = async (entry: CronEntry) => {
    try {
      const res = await fetch(new URL(entry.path, opts.baseUrl), { headers: { authorization: `Bearer ${opts.secret}` } });
      const body = (await res.json().catch(() => ({}))) as { status?: string; counts?: Record<string, number> };
      opts.log(`${entry.path} → ${res.status} ${body.status ?? ''} ${body.counts ? JSON.stringify(body.counts) : ''}`.trim());
    } catch (err) {
      opts.log(`${entry.path} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const jobs = entries.map((e) => new Cron(e.schedule, { protect: true, timezone: 'UTC' }, () => call(e)));
  if (opts.runAtStart) void Promise.all(entries.map(call));
  return () => jobs.forEach((j) => j.stop());
}
