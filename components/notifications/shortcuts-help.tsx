'use client';

import { useEffect, useRef } from 'react';
import { XIcon } from './icons';

export const SHORTCUTS: [keys: string[], what: string][] = [
  [['j', 'k'], 'Next / previous notification'],
  [['Enter', 'o'], 'Open the alert'],
  [['x'], 'Select or unselect'],
  [['r'], 'Mark read / unread'],
  [['a'], 'Acknowledge'],
  [['s'], 'Snooze for 1 hour'],
  [['e'], 'Dismiss (restore, in Dismissed)'],
  [['/'], 'Search'],
  [['Esc'], 'Clear the selection'],
  [['?'], 'This help'],
];

const kbd =
  'inline-flex h-6 min-w-6 items-center justify-center rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700 shadow-[0_1px_0_var(--color-slate-300)] dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:shadow-[0_1px_0_var(--color-slate-600)]';

/** The keyboard shortcuts, in a modal dialog (the browser traps focus and closes it on Escape). */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      data-testid="shortcuts-help"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      // a click on the backdrop lands on the dialog element itself
      onClick={(e) => e.target === dialog.current && onClose()}
      className="m-auto w-[min(26rem,calc(100vw-1.5rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-700">
        <h2 id="shortcuts-title" className="text-sm font-semibold">
          Keyboard shortcuts
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close"
          className="inline-flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          <XIcon />
        </button>
      </div>
      <dl className="divide-y divide-slate-100 px-4 py-1 text-sm dark:divide-slate-800">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="flex items-center justify-between gap-4 py-2">
            <dt className="text-slate-700 dark:text-slate-300">{what}</dt>
            <dd className="flex shrink-0 gap-1">
              {keys.map((k) => (
                <kbd key={k} className={kbd}>
                  {k}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      <p className="border-t border-slate-200 px-4 py-2.5 text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
        With rows selected, r a s e act on all of them. Shortcuts pause while you type.
      </p>
    </dialog>
  );
}
