import type { AlertStatus, Severity } from '@/db/schema';

type SeverityStyle = { label: string; badge: string; solid: string; dot: string; bar: string };

/** Severity colours, one place: critical red, error orange, warning amber, info blue. */
export const SEVERITY_STYLE: Record<Severity, SeverityStyle> = {
  critical: {
    label: 'Critical',
    badge: 'bg-red-50 text-red-700 ring-red-600/25 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-400/30',
    solid: 'bg-red-600 text-white',
    dot: 'bg-red-600 dark:bg-red-500',
    bar: 'border-l-red-600 dark:border-l-red-500',
  },
  error: {
    label: 'Error',
    badge: 'bg-orange-50 text-orange-800 ring-orange-600/25 dark:bg-orange-500/15 dark:text-orange-300 dark:ring-orange-400/30',
    solid: 'bg-orange-500 text-orange-950',
    dot: 'bg-orange-500',
    bar: 'border-l-orange-500',
  },
  warning: {
    label: 'Warning',
    badge: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-400/15 dark:text-amber-200 dark:ring-amber-300/30',
    solid: 'bg-amber-300 text-amber-950',
    dot: 'bg-amber-400',
    bar: 'border-l-amber-400',
  },
  info: {
    label: 'Info',
    badge: 'bg-blue-50 text-blue-700 ring-blue-600/20 dark:bg-blue-500/15 dark:text-blue-300 dark:ring-blue-400/30',
    solid: 'bg-blue-600 text-white',
    dot: 'bg-blue-500',
    bar: 'border-l-blue-500',
  },
};

export const STATUS_STYLE: Record<AlertStatus, { label: string; chip: string }> = {
  firing: { label: 'Firing', chip: 'text-red-700 ring-red-600/30 dark:text-red-300 dark:ring-red-400/40' },
  acknowledged: { label: 'Acknowledged', chip: 'text-slate-700 ring-slate-400/50 dark:text-slate-300 dark:ring-slate-500/60' },
  resolved: { label: 'Resolved', chip: 'text-emerald-700 ring-emerald-600/30 dark:text-emerald-300 dark:ring-emerald-400/40' },
};

const WORST_FIRST: Severity[] = ['critical', 'error', 'warning', 'info'];

/** The most severe level with any unread alert, or null when all is read. */
export function worstSeverity(bySeverity: Record<Severity, number>): Severity | null {
  return WORST_FIRST.find((s) => bySeverity[s] > 0) ?? null;
}

/** Unread but already resolved: it reached the viewer and cleared before they looked. The bell does not count it. */
export const resolvedUnseen = (a: { is_read: boolean; status: AlertStatus }) => !a.is_read && a.status === 'resolved';
