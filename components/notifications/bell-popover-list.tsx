'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import type { AlertList } from '@/lib/alerts/inbox';
import { useNow } from '@/lib/hooks/use-now';
import { RelativeTime } from './relative-time';
import { resolvedUnseen, SEVERITY_STYLE } from './severity';

const ROW = 'h-[3.75rem]';

/** The latest five in the bell's popover; rows have a fixed height so loading does not resize the panel. */
export function BellPopoverList({ query, onNavigate }: { query: UseQueryResult<AlertList>; onNavigate?: () => void }) {
  const now = useNow();
  if (query.isPending) {
    return (
      <ul aria-hidden className="divide-y divide-slate-100 dark:divide-slate-800">
        {Array.from({ length: 3 }, (_, i) => (
          <li key={i} className={`${ROW} flex animate-pulse flex-col justify-center gap-2 px-4`}>
            <span className="h-3.5 w-3/4 rounded bg-slate-200 dark:bg-slate-800" />
            <span className="h-3 w-16 rounded bg-slate-200 dark:bg-slate-800" />
          </li>
        ))}
      </ul>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="px-4 py-6 text-center text-sm text-slate-600 dark:text-slate-400">
        Couldn’t load notifications.{' '}
        <button type="button" onClick={() => query.refetch()} className="font-medium text-blue-700 underline dark:text-blue-300">
          Try again
        </button>
      </div>
    );
  }
  if (query.data.alerts.length === 0) {
    return <p className="px-4 py-8 text-center text-sm text-slate-500 dark:text-slate-400">You’re all caught up</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {query.data.alerts.map((alert) => {
        const missed = resolvedUnseen(alert);
        const unread = !alert.is_read && !missed;
        return (
          <li key={alert.id}>
            <Link
              href={`/alerts/${alert.id}`}
              onClick={onNavigate}
              data-testid="bell-item"
              data-resolved-unseen={missed || undefined}
              className={`${ROW} flex items-center gap-3 px-4 outline-offset-[-2px] hover:bg-slate-50 dark:hover:bg-slate-800/60`}
            >
              <span
                aria-label={SEVERITY_STYLE[alert.severity].label}
                role="img"
                className={`size-2.5 shrink-0 rounded-full ${missed ? 'bg-slate-300 dark:bg-slate-600' : SEVERITY_STYLE[alert.severity].dot}`}
              />
              <div className="min-w-0 flex-1">
                <p
                  className={`truncate text-sm ${unread ? 'font-semibold text-slate-900 dark:text-slate-50' : 'text-slate-600 dark:text-slate-400'}`}
                  title={alert.title}
                >
                  {alert.title}
                </p>
                <p className="truncate text-xs text-slate-500 dark:text-slate-400">
                  {missed && <span className="font-medium text-emerald-700 dark:text-emerald-400">Resolved before you saw it · </span>}
                  <RelativeTime iso={alert.created_at} now={now} />
                </p>
              </div>
              {unread && <span aria-label="Unread" role="img" className="size-2 shrink-0 rounded-full bg-blue-600 dark:bg-blue-400" />}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
