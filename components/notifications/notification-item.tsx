import type { InboxAlert } from '@/lib/alerts/inbox';
import type { AlertAction } from '@/lib/hooks/alerts-api';
import { OccurrencesBadge, SeverityBadge, StatusChip } from './badges';
import { CheckIcon, MarkUnreadIcon, XIcon } from './icons';
import { RelativeTime } from './relative-time';
import { SEVERITY_STYLE } from './severity';

type Props = { alert: InboxAlert; now: number; onAction: (alert: InboxAlert, action: AlertAction) => void };

const iconButton =
  'inline-flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100';

export function NotificationItem({ alert, now, onAction }: Props) {
  const unread = !alert.is_read;
  return (
    <li
      data-testid="notification-item"
      data-alert-id={alert.id}
      data-read={String(alert.is_read)}
      className={`flex gap-2 border-l-4 py-3 pr-2 pl-3 sm:gap-3 sm:pl-4 ${SEVERITY_STYLE[alert.severity].bar} ${
        unread ? 'bg-white dark:bg-slate-900' : 'bg-slate-50/60 dark:bg-slate-900/40'
      }`}
    >
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <SeverityBadge severity={alert.severity} />
          <StatusChip status={alert.status} />
          <OccurrencesBadge occurrences={alert.occurrences} />
          <RelativeTime iso={alert.created_at} now={now} className="text-xs text-slate-500 dark:text-slate-400" />
        </div>
        <p className="mt-1.5 flex items-start gap-2">
          {/* the dot's slot is always there, so reading an alert does not shift its text */}
          <span className="mt-1.5 flex size-2 shrink-0" aria-hidden>
            {unread && <span className="size-2 rounded-full bg-blue-600 dark:bg-blue-400" />}
          </span>
          <span
            className={`min-w-0 text-sm break-words ${
              unread ? 'font-semibold text-slate-900 dark:text-slate-50' : 'font-medium text-slate-600 dark:text-slate-300'
            }`}
          >
            {unread && <span className="sr-only">Unread: </span>}
            {alert.title}
          </span>
        </p>
        {alert.message && (
          <p className="mt-0.5 line-clamp-3 pl-4 text-sm break-words text-slate-600 dark:text-slate-400">{alert.message}</p>
        )}
      </div>
      <div className="flex shrink-0 items-start gap-0.5">
        {/* one button that flips between read and unread keeps keyboard focus in place */}
        <button
          type="button"
          data-testid={unread ? 'mark-read' : 'mark-unread'}
          aria-label={unread ? 'Mark as read' : 'Mark as unread'}
          title={unread ? 'Mark as read' : 'Mark as unread'}
          onClick={() => onAction(alert, unread ? 'read' : 'unread')}
          className={iconButton}
        >
          {unread ? <CheckIcon /> : <MarkUnreadIcon />}
        </button>
        <button
          type="button"
          data-testid="dismiss"
          aria-label="Dismiss"
          title="Dismiss"
          onClick={() => onAction(alert, 'dismiss')}
          className={iconButton}
        >
          <XIcon />
        </button>
      </div>
    </li>
  );
}
