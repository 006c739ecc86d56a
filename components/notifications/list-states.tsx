import type { ReactNode } from 'react';
import { primaryButtonClass } from '@/components/ui/button';

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

/** A list that could not load: what went wrong and a way to try again. */
export function ErrorState({
  message,
  onRetry,
  retrying,
  title = 'Couldn’t load notifications',
  testId = 'error-state',
  retryTestId = 'retry',
}: {
  message: string;
  onRetry: () => void;
  retrying: boolean;
  title?: string;
  testId?: string;
  retryTestId?: string;
}) {
  return (
    <div role="alert" data-testid={testId} className="flex flex-col items-center px-6 py-12 text-center">
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</p>
      <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{message}</p>
      <button type="button" data-testid={retryTestId} onClick={onRetry} disabled={retrying} className={`mt-4 px-4 ${primaryButtonClass}`}>
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </div>
  );
}
