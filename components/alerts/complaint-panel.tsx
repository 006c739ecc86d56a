'use client';

import type { ComplaintContext } from '@/lib/validation/alert-responses';
import { useAssignComplaint } from '@/lib/hooks/use-alert-mutations';
import { Deadline } from './deadline';

const PRIORITY: Record<ComplaintContext['priority'], string> = {
  critical: 'bg-red-600 text-white',
  high: 'bg-orange-500 text-orange-950',
  medium: 'bg-amber-200 text-amber-950 dark:bg-amber-300',
  low: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
};
const OPEN = new Set<ComplaintContext['status']>(['open', 'in_progress', 'escalated']);
const statusLabel = (s: string) => s.replace('_', ' ');

type Props = { alertId: number; complaint: ComplaintContext; viewerId: number; now: number };

/** The complaint the alert is about: who owns it, its SLA deadlines, and "Assign to me". */
export function ComplaintPanel({ alertId, complaint: c, viewerId, now }: Props) {
  const assign = useAssignComplaint(alertId);
  const mine = c.assignee?.id === viewerId;
  return (
    <section
      aria-labelledby="complaint-heading"
      data-testid="complaint-panel"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="complaint-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Complaint <span data-testid="complaint-reference">{c.reference}</span>
        </h2>
        <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold uppercase ${PRIORITY[c.priority]}`}>{c.priority}</span>
        <span className="inline-flex h-5 items-center rounded px-1.5 text-[11px] font-medium text-slate-700 capitalize ring-1 ring-slate-300 ring-inset dark:text-slate-300 dark:ring-slate-600">
          {statusLabel(c.status)}
        </span>
      </div>
      <p className="mt-1.5 text-sm font-medium text-slate-800 dark:text-slate-200">{c.title}</p>
      {c.customer_name && <p className="text-sm text-slate-500 dark:text-slate-400">{c.customer_name}</p>}

      <dl className="mt-3 space-y-1.5 text-sm">
        <div className="flex items-baseline justify-between gap-3">
          <dt className="text-slate-500 dark:text-slate-400">Assignee</dt>
          <dd data-testid="complaint-assignee" className={c.assignee ? 'text-slate-800 dark:text-slate-200' : 'font-semibold text-amber-700 dark:text-amber-300'}>
            {c.assignee ? (mine ? `${c.assignee.name} (you)` : c.assignee.name) : 'Unassigned'}
          </dd>
        </div>
        <Deadline label="Response" due={c.response_due_at} done={c.first_responded_at} doneVerb="Responded" now={now} />
        <Deadline label="Resolution" due={c.resolution_due_at} done={c.resolved_at} doneVerb="Resolved" now={now} />
      </dl>

      {!mine && OPEN.has(c.status) && (
        <button
          type="button"
          data-testid="assign-to-me"
          onClick={() => assign.mutate(c.id)}
          disabled={assign.isPending}
          className="mt-3 inline-flex h-9 w-full items-center justify-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
        >
          {assign.isPending ? 'Assigning…' : c.assignee ? `Take over from ${c.assignee.name}` : 'Assign to me'}
        </button>
      )}
      {assign.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          Couldn’t assign: {assign.error.message}
        </p>
      )}
    </section>
  );
}
