import type { AlertStatus, Severity } from '@/db/schema';
import { ClockIcon } from './icons';
import { formatClock } from './relative-time';
import { SEVERITY_STYLE, STATUS_STYLE } from './severity';

const chip = 'inline-flex h-5 items-center rounded px-1.5 text-[11px] ring-1 ring-inset whitespace-nowrap';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`${chip} font-semibold tracking-wide uppercase ${SEVERITY_STYLE[severity].badge}`}>{SEVERITY_STYLE[severity].label}</span>;
}

export function StatusChip({ status }: { status: AlertStatus }) {
  const style = STATUS_STYLE[status];
  return (
    <span className={`${chip} gap-1 font-medium ${style.chip}`}>
      {status === 'firing' && <span aria-hidden className="size-1.5 rounded-full bg-current" />}
      {style.label}
    </span>
  );
}

export function OccurrencesBadge({ occurrences }: { occurrences: number }) {
  if (occurrences <= 1) return null;
  return (
    <span
      className={`${chip} font-semibold tabular-nums text-slate-700 ring-slate-300 dark:text-slate-300 dark:ring-slate-600`}
      title={`Fired ${occurrences} times`}
    >
      ×{occurrences}
    </span>
  );
}

export function SnoozedChip({ until, untilResolved, now }: { until: string | null; untilResolved: boolean; now: number }) {
  if (!until && !untilResolved) return null;
  return (
    <span
      data-testid="snoozed-chip"
      className={`${chip} gap-1 font-medium text-violet-700 ring-violet-500/30 dark:text-violet-300 dark:ring-violet-400/40`}
      suppressHydrationWarning
    >
      <ClockIcon className="size-3" />
      {untilResolved ? 'Snoozed until resolved' : `Snoozed until ${formatClock(until!, now)}`}
    </span>
  );
}
