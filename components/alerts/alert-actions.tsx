'use client';

import { useState } from 'react';
import { AckIcon, CheckIcon, MarkUnreadIcon, RestoreIcon, XIcon } from '@/components/notifications/icons';
import { SnoozeMenu } from '@/components/notifications/snooze-menu';
import type { AlertCommand } from '@/lib/hooks/use-alert-mutations';
import type { AlertDetail } from '@/lib/validation/alert-responses';

const button =
  'inline-flex h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:pointer-events-none disabled:opacity-45 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';
const primary =
  'inline-flex h-9 items-center gap-1.5 rounded-md bg-red-600 px-3 text-sm font-semibold text-white hover:bg-red-700 disabled:pointer-events-none disabled:opacity-45 dark:bg-red-500 dark:hover:bg-red-600';

const confirm =
  'inline-flex h-9 items-center rounded-md bg-emerald-600 px-3 text-sm font-semibold text-white hover:bg-emerald-700 dark:bg-emerald-600 dark:hover:bg-emerald-700';

/** Acknowledge, resolve (with an optional note), snooze, read/unread and dismiss for one alert. */
export function AlertActions({ alert, onCommand }: { alert: AlertDetail; onCommand: (command: AlertCommand) => void }) {
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const firing = alert.status === 'firing';
  const resolved = alert.status === 'resolved';

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" data-testid="ack-button" disabled={!firing} onClick={() => onCommand({ kind: 'acknowledge' })} className={firing ? primary : button}>
          <AckIcon />
          {firing ? 'Acknowledge' : alert.status === 'acknowledged' ? 'Acknowledged' : 'Resolved'}
        </button>
        {!resolved && (
          <button type="button" data-testid="resolve-button" aria-expanded={resolving} onClick={() => setResolving((r) => !r)} className={button}>
            <CheckIcon />
            Resolve…
          </button>
        )}
        {alert.in_inbox && (
          <>
            <SnoozeMenu resolved={resolved} label="Snooze" onSnooze={(snooze) => onCommand({ kind: 'snooze', snooze })} triggerClassName={button} />
            <button
              type="button"
              data-testid={alert.is_read ? 'mark-unread' : 'mark-read'}
              onClick={() => onCommand({ kind: alert.is_read ? 'unread' : 'read' })}
              className={button}
            >
              {alert.is_read ? <MarkUnreadIcon /> : <CheckIcon />}
              {alert.is_read ? 'Mark unread' : 'Mark read'}
            </button>
            {alert.is_dismissed ? (
              <button type="button" data-testid="undismiss-button" onClick={() => onCommand({ kind: 'undismiss' })} className={button}>
                <RestoreIcon />
                Restore
              </button>
            ) : (
              <button type="button" data-testid="dismiss-button" onClick={() => onCommand({ kind: 'dismiss' })} className={button}>
                <XIcon />
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
            <button type="submit" data-testid="resolve-confirm" className={confirm}>
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
