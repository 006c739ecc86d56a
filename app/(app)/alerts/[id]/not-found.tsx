import Link from 'next/link';
import { primaryButtonClass } from '@/components/ui/button';

export default function AlertNotFound() {
  return (
    <div data-testid="alert-not-found" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white px-6 py-12 text-center shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">Alert not found</p>
      <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">It may have been cleaned up, or it was never sent to you.</p>
      <Link
        href="/notifications"
        className={`mt-4 px-4 ${primaryButtonClass}`}
      >
        Back to notifications
      </Link>
    </div>
  );
}
