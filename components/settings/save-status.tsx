'use client';

/** What happened to the last change: saving, saved, or why it was not (the change is rolled back). */
export function SaveStatus({ state, error }: { state: 'idle' | 'pending' | 'success' | 'error'; error: Error | null }) {
  return (
    <p role="status" aria-live="polite" data-testid="save-status" data-state={state} className="h-4 text-xs">
      {state === 'pending' && <span className="text-slate-500 dark:text-slate-400">Saving…</span>}
      {state === 'success' && <span className="text-emerald-700 dark:text-emerald-400">Saved</span>}
      {state === 'error' && <span className="text-red-700 dark:text-red-400">Not saved: {error?.message ?? 'something went wrong'}</span>}
    </p>
  );
}
