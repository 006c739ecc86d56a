'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  ['/admin/rules', 'Rules'],
  ['/admin/jobs', 'Jobs'],
  ['/admin/deliveries', 'Deliveries'],
  ['/admin/silences', 'Silences'],
  ['/admin/users', 'People'],
  ['/admin/audit', 'Audit'],
] as const;

export function AdminTabs() {
  const path = usePathname();
  return (
    <nav aria-label="Admin" className="flex gap-0.5 overflow-x-auto border-b sm:gap-1 border-slate-200 dark:border-slate-800">
      {TABS.map(([href, label]) => {
        const current = path === href || path.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? 'page' : undefined}
            className={`-mb-px shrink-0 border-b-2 px-1.5 py-2 sm:px-3 text-sm font-medium whitespace-nowrap ${
              current ? 'border-slate-900 text-slate-900 dark:border-slate-100 dark:text-slate-50' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
