import type { AlertStatus, Severity } from '@/db/schema';
import { SEVERITY_STYLE, STATUS_STYLE } from './severity';

const chip = 'inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`${chip} ${SEVERITY_STYLE[severity].badge}`}>{SEVERITY_STYLE[severity].label}</span>;
}

export function StatusChip({ status }: { status: AlertStatus }) {
  const style = STATUS_STYLE[status];
  return (
    <span className={`${chip} gap-1 normal-case tracking-normal font-medium ${style.chip}`}>
      {status === 'firing' && <span aria-hidden className="size-1.5 rounded-full bg-current" />}
      {style.label}
    </span>
  );
}

export function OccurrencesBadge({ occurrences }: { occurrences: number }) {
  if (occurrences <= 1) return null;
  return (
    <span
      className={`${chip} normal-case tracking-normal tabular-nums text-slate-700 ring-slate-300 dark:text-slate-300 dark:ring-slate-600`}
      title={`Fired ${occurrences} times`}
    >
      ×{occurrences}
    </span>
  );
}
