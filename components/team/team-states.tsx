import { ErrorState } from '@/components/notifications/list-states';

/** Placeholders the height of real rows, so the list does not jump when they arrive. */
export function TeamSkeleton({ rows }: { rows: number }) {
  return (
    <div aria-hidden data-testid="team-skeleton">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-[14rem] animate-pulse flex-col justify-center gap-3 border-b border-l-4 border-b-slate-200 border-l-slate-200 px-4 last:border-b-0 sm:h-[9rem] dark:border-b-slate-800 dark:border-l-slate-700">
          <span className="h-4 w-24 rounded bg-slate-200 dark:bg-slate-800" />
          <span className="h-5 w-2/3 rounded bg-slate-200 dark:bg-slate-800" />
          <span className="h-8 w-full rounded bg-slate-100 dark:bg-slate-800/60" />
        </div>
      ))}
    </div>
  );
}

export function TeamEmpty({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div data-testid="team-empty" className="flex flex-col items-center px-6 py-14 text-center">
      <span
        aria-hidden
        className={`mb-3 inline-flex size-10 items-center justify-center rounded-full text-lg ${
          filtered ? 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400' : 'bg-emerald-50 text-emerald-600 dark:bg-emerald-500/10 dark:text-emerald-400'
        }`}
      >
        {filtered ? '∅' : '✓'}
      </span>
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">{filtered ? 'No open alerts match these filters' : 'Nothing open. All clear.'}</p>
      <p className="mt-1 max-w-sm text-sm text-slate-500 dark:text-slate-400">
        {filtered ? 'Other open alerts are hidden by the filters above.' : 'New alerts show up here as they fire, without a reload.'}
      </p>
      {filtered && (
        <button
          type="button"
          onClick={onClear}
          className="mt-4 inline-flex h-9 items-center rounded-md px-4 text-sm font-medium text-blue-700 ring-1 ring-blue-600/30 ring-inset hover:bg-blue-50 dark:text-blue-300 dark:ring-blue-400/40 dark:hover:bg-blue-500/10"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

export function TeamError({ message, onRetry, retrying }: { message: string; onRetry: () => void; retrying: boolean }) {
  return <ErrorState title="Couldn’t load the open alerts" message={message} onRetry={onRetry} retrying={retrying} testId="team-error" retryTestId="team-retry" />;
}
