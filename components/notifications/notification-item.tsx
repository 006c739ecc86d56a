import Link from 'next/link';
import type { InboxAlert } from '@/lib/alerts/inbox';
import type { AlertCommand } from '@/lib/hooks/use-alert-mutations';
import { alertTypeLabel } from './alert-types';
import { OccurrencesBadge, SeverityBadge, SnoozedChip, StatusChip } from './badges';
import { RelativeTime } from './relative-time';
import { RowActions } from './row-actions';
import { resolvedUnseen, SEVERITY_STYLE } from './severity';

type Props = {
  alert: InboxAlert;
  now: number;
  /** the roving-focus row: the only one in the tab order */
  tabStop: boolean;
  /** the row j/k last moved to */
  active: boolean;
  selected: boolean;
  /** the change on its way to the server for this alert, if any */
  pending: AlertCommand['kind'] | null;
  position: number;
  onCommand: (alert: InboxAlert, command: AlertCommand) => void;
  onSelect: (alert: InboxAlert, range: boolean) => void;
  onActivate: (alert: InboxAlert) => void;
};

/** One alert in the center: severity bar and badges, title (opens the detail), repeats, and its actions. */
export function NotificationItem({ alert, now, tabStop, active, selected, pending, position, onCommand, onSelect, onActivate }: Props) {
  // resolved before the viewer read it: still unread, but it needs nobody (the bell does not count it)
  const missed = resolvedUnseen(alert);
  const unread = !alert.is_read && !missed;
  const tabIndex = tabStop ? 0 : -1;
  const titleId = `alert-title-${alert.id}`;
  return (
    <article
      data-testid="notification-item"
      data-alert-id={alert.id}
      data-read={String(alert.is_read)}
      data-status={alert.status}
      data-severity={alert.severity}
      data-snoozed={String(Boolean(alert.snoozed_until || alert.snoozed_until_resolved))}
      data-resolved-unseen={missed || undefined}
      aria-busy={pending !== null || undefined}
      data-active={active || undefined}
      aria-labelledby={titleId}
      aria-posinset={position}
      aria-setsize={-1}
      tabIndex={tabIndex}
      onFocus={() => onActivate(alert)}
      className={`relative flex flex-wrap gap-x-2 border-b border-l-4 border-b-slate-200 py-2.5 pr-2 pl-1.5 outline-offset-[-2px] last:border-b-0 sm:flex-nowrap sm:gap-x-3 sm:py-3 sm:pl-2 dark:border-b-slate-800 ${
        SEVERITY_STYLE[alert.severity].bar
      } ${
        selected
          ? 'bg-blue-50 dark:bg-blue-950/40'
          : unread
            ? 'bg-white dark:bg-slate-900'
            : 'bg-slate-50/70 dark:bg-slate-900/40'
      } ${active ? 'shadow-[inset_0_0_0_1px_var(--color-slate-300)] dark:shadow-[inset_0_0_0_1px_var(--color-slate-600)]' : ''}`}
    >
      <label className="flex size-9 shrink-0 cursor-pointer items-center justify-center sm:size-8" title="Select (x)">
        <input
          type="checkbox"
          data-testid="select-checkbox"
          aria-label={`Select: ${alert.title}`}
          checked={selected}
          tabIndex={tabIndex}
          // React fires a checkbox's change from its click: shift-click selects the range from the last one clicked
          onChange={(e) => onSelect(alert, (e.nativeEvent as MouseEvent).shiftKey === true)}
          className="size-4 cursor-pointer accent-blue-600"
        />
      </label>

      <div className="min-w-0 flex-1 pt-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <SeverityBadge severity={alert.severity} />
          <StatusChip status={alert.status} />
          <OccurrencesBadge occurrences={alert.occurrences} />
          <SnoozedChip until={alert.snoozed_until} untilResolved={alert.snoozed_until_resolved} now={now} />
          {missed && (
            <span
              data-testid="resolved-unseen"
              className="inline-flex h-5 items-center rounded bg-emerald-50 px-1.5 text-[11px] font-medium whitespace-nowrap text-emerald-800 ring-1 ring-emerald-600/25 ring-inset dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30"
            >
              Resolved before you saw it
            </span>
          )}
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {alert.occurrences > 1 ? 'last ' : ''}
            <RelativeTime iso={alert.last_fired_at} now={now} />
          </span>
        </div>
        <p className="mt-1.5 flex items-start gap-2">
          {/* the dot's slot is always there, so reading an alert does not shift its text */}
          <span className="mt-1.5 flex size-2 shrink-0" aria-hidden>
            {unread && <span className="size-2 rounded-full bg-blue-600 dark:bg-blue-400" />}
          </span>
          <Link
            id={titleId}
            href={`/alerts/${alert.id}`}
            tabIndex={tabIndex}
            data-testid="alert-link"
            className={`min-w-0 text-sm break-words hover:underline ${
              unread ? 'font-semibold text-slate-900 dark:text-slate-50' : 'font-medium text-slate-600 dark:text-slate-300'
            }`}
          >
            {unread && <span className="sr-only">Unread: </span>}
            {alert.title}
          </Link>
        </p>
        {alert.message && <p className="mt-0.5 line-clamp-2 pl-4 text-sm break-words text-slate-600 dark:text-slate-400">{alert.message}</p>}
        <p className="mt-1 pl-4 text-xs text-slate-500 dark:text-slate-400">
          {alertTypeLabel(alert.alert_type)}
          {alert.acknowledged_by && alert.acknowledged_at && (
            <span data-testid="acknowledged-by">
              {' · '}acknowledged by <span className="font-medium text-slate-700 dark:text-slate-300">{alert.acknowledged_by.name}</span>{' '}
              <RelativeTime iso={alert.acknowledged_at} now={now} />
            </span>
          )}
          {alert.occurrences > 1 && (
            <>
              {' · '}fired {alert.occurrences} times since <RelativeTime iso={alert.first_fired_at} now={now} />
            </>
          )}
        </p>
      </div>

      {/* below the text on phones, beside it from sm up */}
      <div className="flex basis-full justify-end sm:basis-auto sm:items-start">
        <RowActions alert={alert} tabIndex={tabIndex} pending={pending} onCommand={onCommand} />
      </div>
    </article>
  );
}
