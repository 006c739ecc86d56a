import { formatClock, formatDue } from '@/components/notifications/relative-time';

const AT_RISK_MS = 60 * 60_000;

export type DeadlineState = 'met' | 'breached' | 'at-risk' | 'on-track' | 'none';

/** Where a deadline stands: met when done in time or at all, breached once past, at risk within the hour. */
export function deadlineState(due: string | null, done: string | null, now: number): DeadlineState {
  if (!due) return 'none';
  if (done) return 'met';
  const left = new Date(due).getTime() - now;
  if (left < 0) return 'breached';
  return left <= AT_RISK_MS ? 'at-risk' : 'on-track';
}

export const PILL: Record<DeadlineState, string> = {
  breached: 'bg-red-600 text-white',
  'at-risk': 'bg-amber-300 text-amber-950',
  'on-track': 'text-slate-700 ring-1 ring-slate-300 ring-inset dark:text-slate-300 dark:ring-slate-600',
  met: 'text-emerald-700 ring-1 ring-emerald-600/30 ring-inset dark:text-emerald-300 dark:ring-emerald-400/40',
  none: '',
};
export const LABEL: Record<DeadlineState, string> = { breached: 'Breached', 'at-risk': 'At risk', 'on-track': 'On track', met: 'Met', none: '' };

/** One SLA deadline: a state pill (breached red, at risk amber, met green) over the relative time; the clock time on hover. */
export function Deadline({ label, due, done, doneVerb, now }: { label: string; due: string | null; done: string | null; doneVerb: string; now: number }) {
  const state = deadlineState(due, done, now);
  const detail = state === 'none' ? 'No deadline' : state === 'met' ? `${doneVerb} ${formatClock(done!, now)}` : formatDue(due!, now);
  return (
    <div data-testid="deadline" data-state={state} className="flex items-start justify-between gap-3">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="flex flex-col items-end text-right" title={due ? `Due ${new Date(due).toLocaleString()}` : undefined}>
        {state !== 'none' && <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold ${PILL[state]}`}>{LABEL[state]}</span>}
        <span
          className={`${state === 'none' ? 'text-sm' : 'mt-0.5 text-xs'} ${state === 'breached' ? 'font-semibold text-red-700 dark:text-red-300' : state === 'at-risk' ? 'font-semibold text-amber-800 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'}`}
          suppressHydrationWarning
        >
          {detail}
        </span>
      </dd>
    </div>
  );
}
