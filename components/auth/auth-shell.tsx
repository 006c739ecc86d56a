import Link from 'next/link';
import type { ReactNode } from 'react';

/** The signed-out pages' frame (as the login page): brand, a title, a line under it, then a card. */
export function AuthShell({ title, lead, children }: { title: string; lead: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-start justify-center px-4 pt-[12vh] pb-10">
      <div className="w-full max-w-sm">
        <p className="mb-4 flex items-center gap-2 text-sm font-semibold tracking-tight text-slate-700 dark:text-slate-300">
          <span aria-hidden className="inline-block size-3 rounded-sm bg-red-600" />
          Ops Alerts
        </p>
        <h1 className="mb-1 text-xl font-semibold tracking-tight">{title}</h1>
        <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">{lead}</p>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs dark:border-slate-800 dark:bg-slate-900">{children}</div>
      </div>
    </main>
  );
}

/** A link that no longer works (or never did): what happened and what to do. */
export function DeadLink({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div data-testid={testId} className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
      <div>{children}</div>
      <Link href="/login" className="inline-flex h-10 w-full items-center justify-center rounded-md border border-slate-300 font-semibold hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
        Go to sign in
      </Link>
    </div>
  );
}
