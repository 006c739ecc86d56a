'use client';

import { useState, type ReactNode } from 'react';
import { AckIcon, CheckIcon, MarkUnreadIcon, RestoreIcon, SpinnerIcon, XIcon } from '@/components/notifications/icons';
import { SnoozeMenu } from '@/components/notifications/snooze-menu';
import type { AlertCommand } from '@/lib/hooks/use-alert-mutations';
import type { AlertDetail } from '@/lib/validation/alert-responses';

// aria-disabled (not disabled) while a change is on its way: the button keeps keyboard focus
const busy = 'aria-disabled:cursor-progress aria-disabled:opacity-70';
const button = `inline-flex h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:pointer-events-none disabled:opacity-45 ${busy} dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800`;
const primary = `inline-flex h-9 items-center gap-1.5 rounded-md bg-red-600 px-3 text-sm font-semibold text-white hover:bg-red-700 disabled:pointer-events-none disabled:opacity-45 ${busy} dark:bg-red-500 dark:hover:bg-red-600`;

const confirm = `inline-flex h-9 items-center gap-1.5 rounded-md bg-emerald-600 px-3 text-sm font-semibold text-white hover:bg-emerald-700 ${busy} dark:bg-emerald-600 dark:hover:bg-emerald-700`;

const WORKING = { acknowledge: 'Acknowledging…', resolve: 'Resolving…' } as const;

type Props = {
  alert: AlertDetail;
  /** the change on its way to the server for this alert, if any: every button waits for it */
  pending: AlertCommand['kind'] | null;
  onCommand: (command: AlertCommand) => void;
};

/** Acknowledge, resolve (with an optional note), snooze, read/unread and dismiss for one alert. */
export function AlertActions({ alert, pending, onCommand }: Props) {
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const firing = alert.status === 'firing';
  const resolved = alert.status === 'resolved';
  const waiting = pending !== null || undefined;
  const lifecyclePending = pending === 'acknowledge' || pending === 'resolve';
  const send = (command: AlertCommand) => {
    if (pending === null) onCommand(command);
  };
  const icon = (kinds: AlertCommand['kind'][], idle: ReactNode) => (pending && kinds.includes(pending) ? <SpinnerIcon /> : idle);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="ack-button"
          data-pending={pending ?? undefined}
          disabled={!firing && !lifecyclePending}
          aria-disabled={waiting}
          onClick={() => send({ kind: 'acknowledge' })}
          className={firing || pending === 'acknowledge' ? primary : button}
        >
          {/* the status button also shows a resolve on its way: the resolve form has closed by then */}
          {icon(['acknowledge', 'resolve'], <AckIcon />)}
          {pending === 'acknowledge' || pending === 'resolve' ? WORKING[pending] : firing ? 'Acknowledge' : alert.status === 'acknowledged' ? 'Acknowledged' : 'Resolved'}
        </button>
        {!resolved && (
          <button
            type="button"
            data-testid="resolve-button"
            aria-expanded={resolving}
            aria-disabled={waiting}
            onClick={() => pending === null && setResolving((r) => !r)}
            className={button}
          >
            <CheckIcon />
            Resolve…
          </button>
        )}
        {alert.in_inbox && (
          <>
            <SnoozeMenu
              resolved={resolved}
              label="Snooze"
              pending={pending !== null}
              onSnooze={(snooze) => send({ kind: 'snooze', snooze })}
              triggerClassName={button}
            />
            <button
              type="button"
              data-testid={alert.is_read ? 'mark-unread' : 'mark-read'}
              aria-disabled={waiting}
              onClick={() => send({ kind: alert.is_read ? 'unread' : 'read' })}
              className={button}
            >
              {icon(['read', 'unread'], alert.is_read ? <MarkUnreadIcon /> : <CheckIcon />)}
              {alert.is_read ? 'Mark unread' : 'Mark read'}
            </button>
            {alert.is_dismissed ? (
              <button type="button" data-testid="undismiss-button" aria-disabled={waiting} onClick={() => send({ kind: 'undismiss' })} className={button}>
                {icon(['undismiss'], <RestoreIcon />)}
                Restore
              </button>
            ) : (
              <button type="button" data-testid="dismiss-button" aria-disabled={waiting} onClick={() => send({ kind: 'dismiss' })} className={button}>
                {icon(['dismiss'], <XIcon />)}
                Dismiss
              </button>
            )}
          </>
        )}
      </div>

      {resolving && !resolved && (
        <form
          data-testid="resolve-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (pending !== null) return;
            onCommand({ kind: 'resolve', note: note.trim() || undefined });
            setResolving(false);
            setNote('');
          }}
          className="rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-800/50"
        >
          <label htmlFor="resolve-note" className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Resolution note <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </label>
          <textarea
            id="resolve-note"
            data-testid="resolve-note"
            value={note}
            maxLength={1000}
            rows={3}
            autoFocus
            onChange={(e) => setNote(e.target.value)}
            placeholder="What fixed it?"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
          <div className="mt-2 flex gap-2">
            <button type="submit" data-testid="resolve-confirm" aria-disabled={waiting} className={confirm}>
              Resolve alert
            </button>
            <button type="button" onClick={() => setResolving(false)} className={button}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
