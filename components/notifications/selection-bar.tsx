'use client';

import { useEffect, useRef, useState } from 'react';
import type { SnoozeBody } from '@/lib/validation/alerts';
import { AckIcon, CheckCircleIcon, CheckIcon, KeyboardIcon, RestoreIcon, XIcon } from './icons';
import { SnoozeMenu } from './snooze-menu';

export type BulkKind = 'read' | 'acknowledge' | 'dismiss' | 'undismiss' | 'snooze' | 'resolve';

type Props = {
  shown: number;
  selected: number;
  /** every selected alert is resolved already: "until resolved" means nothing for them */
  allResolved: boolean;
  /** the Dismissed tab offers Restore instead of Dismiss */
  dismissedTab: boolean;
  onSelectAll: (select: boolean) => void;
  onBulk: (kind: BulkKind, snooze?: SnoozeBody) => void;
  onClear: () => void;
  onHelp: () => void;
};

const bulkButton =
  'inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 text-sm font-medium text-slate-700 hover:bg-slate-50 sm:px-2.5 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';
// on phones the buttons are icons (with their names for screen readers), so six fit in 390 px
const label = 'max-md:sr-only';

/**
 * Select-all-visible and, with a selection, the bulk actions — in one sticky row of fixed height,
 * so selecting never pushes the list down. Resolving for everyone asks once more, in the same row.
 */
export function SelectionBar({ shown, selected, allResolved, dismissedTab, onSelectAll, onBulk, onClear, onHelp }: Props) {
  const box = useRef<HTMLInputElement>(null);
  const all = shown > 0 && selected === shown;
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (box.current) box.current.indeterminate = selected > 0 && !all;
  }, [selected, all]);
  // a new selection asks again
  const [confirmFor, setConfirmFor] = useState(selected);
  if (confirmFor !== selected) {
    setConfirmFor(selected);
    if (confirming) setConfirming(false);
  }

  return (
    <div className="sticky top-[5.5rem] z-10 flex h-12 rounded-t-lg items-center gap-2 border-b border-slate-200 bg-slate-50/95 pr-2 pl-[0.625rem] backdrop-blur sm:top-14 sm:pl-3 dark:border-slate-800 dark:bg-slate-950/95">
      <label className="flex size-9 shrink-0 cursor-pointer items-center justify-center sm:size-8">
        <input
          ref={box}
          type="checkbox"
          data-testid="select-all"
          aria-label={all ? 'Unselect all' : 'Select all shown'}
          checked={all}
          disabled={shown === 0}
          onChange={() => onSelectAll(!all)}
          className="size-4 cursor-pointer accent-blue-600 disabled:cursor-default"
        />
      </label>
      {selected > 0 && confirming ? (
        <div data-testid="bulk-resolve-confirm" role="group" aria-label="Confirm resolve" className="flex min-w-0 flex-1 items-center gap-1.5">
          <span className="mr-auto min-w-0 truncate text-sm font-medium text-slate-900 dark:text-slate-100">
            Resolve {selected} for everyone?
          </span>
          <button
            type="button"
            data-testid="bulk-resolve-confirm-button"
            autoFocus
            onClick={() => {
              setConfirming(false);
              onBulk('resolve');
            }}
            className="inline-flex h-8 items-center rounded-md bg-emerald-600 px-2.5 text-sm font-semibold text-white hover:bg-emerald-700"
          >
            Resolve
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={bulkButton}>
            Cancel
          </button>
        </div>
      ) : selected > 0 ? (
        <div data-testid="bulk-bar" role="toolbar" aria-label="Selected notifications" className="flex min-w-0 flex-1 items-center gap-1 sm:gap-1.5">
          <span className="mr-auto text-sm font-medium whitespace-nowrap tabular-nums text-slate-900 dark:text-slate-100" aria-live="polite">
            {selected}
            <span className="max-sm:sr-only"> selected</span>
          </span>
          <button type="button" data-testid="bulk-read" onClick={() => onBulk('read')} className={bulkButton} title="Mark read (r)">
            <CheckIcon />
            <span className={label}>Read</span>
          </button>
          <button type="button" data-testid="bulk-ack" onClick={() => onBulk('acknowledge')} className={bulkButton} title="Acknowledge (a)">
            <AckIcon />
            <span className={label}>Ack</span>
          </button>
          <SnoozeMenu
            testId="bulk-snooze"
            label="Snooze"
            labelClassName={label}
            resolved={allResolved}
            onSnooze={(snooze) => onBulk('snooze', snooze)}
            triggerClassName={bulkButton}
          />
          <button
            type="button"
            data-testid="bulk-resolve"
            onClick={() => setConfirming(true)}
            disabled={allResolved}
            className={`${bulkButton} disabled:opacity-45`}
            title={allResolved ? 'All of these are resolved' : 'Resolve for everyone'}
          >
            <CheckCircleIcon />
            <span className={label}>Resolve</span>
          </button>
          {dismissedTab ? (
            <button type="button" data-testid="bulk-undismiss" onClick={() => onBulk('undismiss')} className={bulkButton} title="Restore (e)">
              <RestoreIcon />
              <span className={label}>Restore</span>
            </button>
          ) : (
            <button type="button" data-testid="bulk-dismiss" onClick={() => onBulk('dismiss')} className={bulkButton} title="Dismiss (e)">
              <XIcon />
              <span className={label}>Dismiss</span>
            </button>
          )}
          <button
            type="button"
            data-testid="bulk-clear"
            onClick={onClear}
            aria-label="Clear selection"
            title="Clear selection (Esc)"
            className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-200/70 dark:hover:bg-slate-800"
          >
            <XIcon />
          </button>
        </div>
      ) : (
        <div className="flex min-w-0 flex-1 items-center justify-between gap-2">
          <span className="text-sm text-slate-500 tabular-nums dark:text-slate-400">{shown === 0 ? '' : `${shown} shown`}</span>
          <button
            type="button"
            data-testid="shortcuts-button"
            onClick={onHelp}
            className="hidden h-8 items-center gap-1.5 rounded-md px-2 text-sm text-slate-600 hover:bg-slate-200/70 sm:inline-flex dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <KeyboardIcon />
            Shortcuts <kbd className="font-mono text-xs text-slate-500">?</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
