import { primaryButtonClass } from './button';

/** A form's submit button (its label while the request is out) and, beside it, the server's refusal in words. */
export function SubmitRow({ testId, pending, label, pendingLabel, error, className = '' }: { testId: string; pending: boolean; label: string; pendingLabel: string; error?: string | null; className?: string }) {
  return (
    <div className={`flex flex-wrap items-center gap-3 ${className}`}>
      <button type="submit" data-testid={testId} disabled={pending} className={primaryButtonClass}>
        {pending ? pendingLabel : label}
      </button>
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
    </div>
  );
}
