import type { ReactNode } from 'react';

/** A form field with its label, an optional hint beside the label, and the error under it in words. */
export function Labelled({
  label,
  hint,
  error,
  errorTestId,
  className = '',
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  errorTestId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`flex min-w-0 flex-col gap-1 text-sm ${className}`}>
      <span className="font-medium text-slate-800 dark:text-slate-200">
        {label} {hint && <span className="text-xs font-normal text-slate-500 dark:text-slate-400">({hint})</span>}
      </span>
      {children}
      {error && (
        <span data-testid={errorTestId} className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </label>
  );
}
