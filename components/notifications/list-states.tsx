import type { ReactNode } from 'react';

export function ListSkeleton({ rows }: { rows: number }) {
  return (
    <ul aria-hidden className="divide-y divide-slate-200 dark:divide-slate-800">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i} className="flex h-[5.25rem] animate-pulse flex-col justify-center gap-2 border-l-4 border-l-slate-200 px-4 dark:border-l-slate-700">
          <span className="h-4 w-40 rounded bg-slate-200 dark:bg-slate-800" />
          <span className="h-4 w-3/4 rounded bg-slate-200 dark:bg-slate-800" />
        </li>
      ))}
    </ul>
  );
}

type EmptyProps = { title: string; children?: ReactNode; action?: ReactNode; icon?: 'done' | 'none' };

export function EmptyState({ title, children, action, icon = 'done' }: EmptyProps) {
  return (
    <div data-testid="empty-state" className="flex flex-col items-center px-6 py-12 text-center">
      <span
        aria-hidden
        className={`mb-3 inline-flex size-10 items-center justify-center rounded-full text-lg ${
          icon === 'done'
            ? 'bg-emerald-50 text-emerald-600 dark:bg-emerald-500/10 dark:text-emerald-400'
            : 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400'
        }`}
      >
        {icon === 'done' ? '✓' : '∅'}
      </span>
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</p>
      {children && <p className="mt-1 max-w-sm text-sm text-slate-500 dark:text-slate-400">{children}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorState({ message, onRetry, retrying }: { message: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div role="alert" data-testid="error-state" className="flex flex-col items-center px-6 py-12 text-center">
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">Couldn’t load notifications</p>
      <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{message}</p>
      <button
        type="button"
        data-testid="retry"
        onClick={onRetry}
        disabled={retrying}
        className="mt-4 inline-flex h-9 items-center rounded-md bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
      >
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </div>
  );
}
