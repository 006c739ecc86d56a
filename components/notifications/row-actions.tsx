import type { ReactNode } from 'react';
import type { InboxAlert } from '@/lib/alerts/inbox';
import type { AlertCommand } from '@/lib/hooks/use-alert-mutations';
import { AckIcon, CheckIcon, MarkUnreadIcon, RestoreIcon, SpinnerIcon, XIcon } from './icons';
import { SnoozeMenu } from './snooze-menu';

type Props = {
  alert: InboxAlert;
  tabIndex: number;
  /** the change on its way to the server for this alert, if any */
  pending: AlertCommand['kind'] | null;
  onCommand: (alert: InboxAlert, command: AlertCommand) => void;
};

export const iconButton =
  'inline-flex size-9 items-center justify-center gap-1.5 rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 disabled:pointer-events-none disabled:opacity-35 aria-disabled:cursor-progress aria-disabled:opacity-60 sm:size-8 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100';

/**
 * Read/unread, acknowledge, snooze, dismiss (or restore, in the Dismissed tab): the same actions as the keys r a s e.
 * While a change is on its way the buttons take no clicks (aria-disabled keeps keyboard focus where it is)
 * and the one used turns into a spinner.
 */
export function RowActions({ alert, tabIndex, pending, onCommand }: Props) {
  const unread = !alert.is_read;
  const firing = alert.status === 'firing';
  const busy = pending !== null;
  const snoozed = Boolean(alert.snoozed_until || alert.snoozed_until_resolved);
  const send = (command: AlertCommand) => {
    if (!busy) onCommand(alert, command);
  };
  const icon = (kinds: AlertCommand['kind'][], idle: ReactNode) => (pending && kinds.includes(pending) ? <SpinnerIcon /> : idle);
  return (
    <div className="flex items-center gap-0.5" data-pending={pending ?? undefined} aria-busy={busy || undefined}>
      {/* one button that flips between read and unread keeps keyboard focus in place */}
      <button
        type="button"
        data-testid={unread ? 'mark-read' : 'mark-unread'}
        aria-label={unread ? 'Mark as read' : 'Mark as unread'}
        title={unread ? 'Mark as read (r)' : snoozed ? 'Mark as unread: ends the snooze (r)' : 'Mark as unread (r)'}
        tabIndex={tabIndex}
        aria-disabled={busy || undefined}
        onClick={() => send({ kind: unread ? 'read' : 'unread' })}
        className={iconButton}
      >
        {icon(['read', 'unread'], unread ? <CheckIcon /> : <MarkUnreadIcon />)}
      </button>
      <button
        type="button"
        data-testid="ack-button"
        aria-label="Acknowledge"
        title={firing ? 'Acknowledge (a)' : `Already ${alert.status}`}
        tabIndex={tabIndex}
        disabled={!firing && pending !== 'acknowledge'}
        aria-disabled={busy || undefined}
        onClick={() => send({ kind: 'acknowledge' })}
        className={`${iconButton} sm:w-auto sm:px-2 ${firing ? 'text-red-700 ring-1 ring-red-600/30 ring-inset hover:bg-red-50 hover:text-red-800 dark:text-red-300 dark:ring-red-400/40 dark:hover:bg-red-500/10' : ''}`}
      >
        {icon(['acknowledge'], <AckIcon />)}
        <span className="hidden text-xs font-semibold sm:inline">Ack</span>
      </button>
      <SnoozeMenu
        tabIndex={tabIndex}
        resolved={alert.status === 'resolved'}
        pending={busy}
        onSnooze={(snooze) => send({ kind: 'snooze', snooze })}
        triggerClassName={iconButton}
      />
      {alert.is_dismissed ? (
        <button
          type="button"
          data-testid="undismiss-button"
          aria-label="Restore to inbox"
          title="Restore to inbox (e)"
          tabIndex={tabIndex}
          aria-disabled={busy || undefined}
          onClick={() => send({ kind: 'undismiss' })}
          className={iconButton}
        >
          {icon(['undismiss'], <RestoreIcon />)}
        </button>
      ) : (
        <button
          type="button"
          data-testid="dismiss-button"
          aria-label="Dismiss"
          title="Dismiss (e)"
          tabIndex={tabIndex}
          aria-disabled={busy || undefined}
          onClick={() => send({ kind: 'dismiss' })}
          className={iconButton}
        >
          {icon(['dismiss'], <XIcon />)}
        </button>
      )}
    </div>
  );
}
