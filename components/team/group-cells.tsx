import { LABEL as DEADLINE_LABEL, PILL as DEADLINE_PILL, deadlineState } from '@/components/alerts/deadline';
import { formatDue, formatRelative } from '@/components/notifications/relative-time';
import type { OpenAlertGroup } from '@/lib/validation/open-alerts';

/** Who acknowledged the group's alerts, and when: the latest acknowledgement, with "n of m" when some still fire. */
export function AckCell({ group, now }: { group: OpenAlertGroup; now: number }) {
  const acked = group.alerts.filter((a) => a.status === 'acknowledged');
  const latest = acked.reduce<(typeof acked)[number] | null>(
    (best, a) => (!best || (a.acknowledged_at ?? '') > (best.acknowledged_at ?? '') ? a : best),
    null,
  );
  if (!latest) {
    const urgent = group.worst_severity === 'critical' || group.worst_severity === 'error';
    return <span className={urgent ? 'font-medium text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}>Not yet</span>;
  }
  return (
    <span className="text-slate-800 dark:text-slate-200">
      <span className="font-medium">{latest.acknowledged_by?.name ?? 'Someone'}</span>
      {latest.acknowledged_at && (
        <>
          {' · '}
          <time dateTime={latest.acknowledged_at} title={new Date(latest.acknowledged_at).toLocaleString()} suppressHydrationWarning>
            {formatRelative(latest.acknowledged_at, now)}
          </time>
        </>
      )}
      {acked.length < group.alerts.length && (
        <>
          {' '}
          <span className="whitespace-nowrap text-slate-500 dark:text-slate-400">
            ({acked.length} of {group.alerts.length})
          </span>
        </>
      )}
    </span>
  );
}

export function EscalationCell({ level }: { level: number }) {
  if (level <= 0) return <span className="text-slate-500 dark:text-slate-400">None</span>;
  return (
    <span
      className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold ring-1 ring-inset ${
        level >= 2
          ? 'text-red-700 ring-red-600/30 dark:text-red-300 dark:ring-red-400/40'
          : 'text-amber-800 ring-amber-600/30 dark:text-amber-200 dark:ring-amber-300/40'
      }`}
    >
      Level {level}
    </span>
  );
}

/**
 * The complaint's next deadline, counting down live: the response while nobody has answered,
 * then the resolution. A complaint with its deadlines behind it shows "Met".
 */
export function SlaCell({ sla, now }: { sla: OpenAlertGroup['sla']; now: number }) {
  if (!sla) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  const responding = sla.first_responded_at === null && sla.response_due_at !== null;
  const due = responding ? sla.response_due_at : sla.resolution_due_at;
  const state = sla.status === 'met' ? 'met' : deadlineState(due, null, now);
  if (state === 'none') return <span className="text-slate-400 dark:text-slate-500">No deadline</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5" title={due ? `${responding ? 'Response' : 'Resolution'} due ${new Date(due).toLocaleString()}` : undefined}>
      <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold ${DEADLINE_PILL[state]}`}>{DEADLINE_LABEL[state]}</span>
      {state !== 'met' && due && (
        <span
          className={`text-xs tabular-nums ${state === 'breached' ? 'font-semibold text-red-700 dark:text-red-300' : state === 'at-risk' ? 'font-semibold text-amber-800 dark:text-amber-300' : 'text-slate-600 dark:text-slate-400'}`}
          suppressHydrationWarning
        >
          {responding ? 'response ' : 'resolution '}
          {formatDue(due, now)}
        </span>
      )}
    </span>
  );
}
