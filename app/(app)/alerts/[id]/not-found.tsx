import Link from 'next/link';

export default function AlertNotFound() {
  return (
    <div data-testid="alert-not-found" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white px-6 py-12 text-center shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">Alert not found</p>
      <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">It may have been cleaned up, or it was never sent to you.</p>
      <Link
        href="/notifications"
        className="mt-4 inline-flex h-9 items-center rounded-md bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
      >
        Back to notifications
      </Link>
    </div>
  );
}
