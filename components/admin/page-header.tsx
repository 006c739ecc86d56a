import type { ReactNode } from 'react';

/** An admin page's title and what the page is for; `action` (a button, a link) sits to the right. */
export function PageHeader({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">{title}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</p>
      </div>
      {action}
    </div>
  );
}
