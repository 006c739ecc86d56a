'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { scheduleInWords } from '@/lib/cron/schedule-words';
import { runJobRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { JobsOverview } from '@/lib/validation/admin';

const DOT = { succeeded: 'bg-emerald-500', failed: 'bg-red-600', skipped: 'bg-slate-400', running: 'bg-blue-500 animate-pulse' } as const;

/** Each job: late or fine at a glance, its last runs as dots (newest left), the last error, and "run now". */
export function JobList({ jobs }: { jobs: JobsOverview['jobs'] }) {
  const now = useNow();
  const router = useRouter();
  const [running, setRunning] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const hydrated = useHydrated();

  const run = async (job: string) => {
    setRunning(job);
    setMessage(null);
    try {
      const result = await runJobRequest(job);
      setMessage(`${job}: ${result.status} in ${result.duration_ms} ms`);
      router.refresh();
    } catch (err) {
      setMessage(`${job} did not run: ${(err as Error).message}`);
    } finally {
      setRunning(null);
    }
  };

  return (
    <>
      <p role="status" aria-live="polite" data-testid="job-message" className="min-h-5 text-sm text-slate-700 dark:text-slate-300">
        {message}
      </p>
      <ul data-testid="job-list" data-hydrated={hydrated} className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {jobs.map((j) => {
          const last = j.runs[0];
          return (
            <li key={j.job} data-testid="job-row" data-job={j.job} data-late={j.late} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900 dark:text-slate-100">{j.job}</span>
                  {j.schedule && (
                    <span data-testid="job-schedule" className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
                      {scheduleInWords(j.schedule)}
                      <code className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{j.schedule}</code>
                    </span>
                  )}
                  {j.late && <span className="rounded bg-red-50 px-1.5 text-xs font-semibold text-red-700 ring-1 ring-red-600/25 ring-inset dark:bg-red-500/15 dark:text-red-300">Late</span>}
                </div>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {j.last_success_at ? (
                    <>
                      last success <RelativeTime iso={j.last_success_at} now={now} />
                    </>
                  ) : (
                    'never succeeded'
                  )}
                  {j.next_run_at && (
                    <>
                      {' · next '}
                      <RelativeTime iso={j.next_run_at} now={now} />
                    </>
                  )}
                  {last?.duration_ms != null && ` · took ${last.duration_ms} ms`}
                </p>
                {last?.status === 'failed' && last.error && <p className="mt-0.5 text-xs break-words text-red-700 dark:text-red-400">{last.error}</p>}
              </div>
              <span className="flex items-center gap-1" aria-label={`last runs: ${j.runs.map((r) => r.status).join(', ') || 'none'}`}>
                {j.runs.map((r) => (
                  <span key={r.id} title={`${r.status} · ${new Date(r.started_at).toLocaleString()}`} className={`size-2.5 rounded-full ${DOT[r.status]}`} />
                ))}
              </span>
              <button
                type="button"
                data-testid="run-job"
                disabled={running !== null}
                onClick={() => void run(j.job)}
                className="inline-flex h-8 items-center rounded-md border border-slate-300 px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                {running === j.job ? 'Running…' : 'Run now'}
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
