'use client';

import { useState } from 'react';
import { ListSkeleton, EmptyState, ErrorState } from '@/components/notifications/list-states';
import { NotificationItem } from '@/components/notifications/notification-item';
import { Pager } from '@/components/notifications/pager';
import { AlertsRequestError, CENTER_PAGE_SIZE, centerParams, type AlertAction } from '@/lib/hooks/alerts-api';
import { useAlertAction, useAlertList } from '@/lib/hooks/use-alerts';
import { useNow } from '@/lib/hooks/use-now';
import type { InboxAlert } from '@/lib/alerts/inbox';

type Filter = 'all' | 'unread';

/** The notification center: the viewer's inbox with read / unread / dismiss, paged, filterable to unread. */
export function NotificationsClient() {
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const now = useNow();
  const list = useAlertList(centerParams(page, filter === 'unread'));
  const read = useAlertAction('read');
  const unread = useAlertAction('unread');
  const dismiss = useAlertAction('dismiss');
  const mutations = { read, unread, dismiss };
  const failed = [read, unread, dismiss].find((m) => m.isError);

  const onAction = (alert: InboxAlert, action: AlertAction) => {
    // a new action clears an older failure's message
    for (const m of [read, unread, dismiss]) if (m.isError) m.reset();
    mutations[action].mutate(alert);
  };
  const goToPage = (next: number) => {
    setPage(next);
    window.scrollTo({ top: 0 });
  };
  const choose = (next: Filter) => {
    setFilter(next);
    setPage(1);
  };

  const data = list.data;
  const sessionOver = list.error instanceof AlertsRequestError && list.error.status === 401;

  return (
    <section aria-labelledby="notifications-heading">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="notifications-heading" className="text-lg font-semibold text-slate-900 dark:text-slate-50">
            Notifications
          </h1>
          <p className="text-sm text-slate-500 tabular-nums dark:text-slate-400">
            {data ? `${data.unread_count} unread · ${data.total} ${filter === 'unread' ? 'unread shown' : 'in inbox'}` : '\u00a0'}
          </p>
        </div>
        <div role="group" aria-label="Filter" className="inline-flex rounded-md bg-slate-200/70 p-0.5 text-sm dark:bg-slate-800">
          {(['all', 'unread'] as const).map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => choose(f)}
              className={`h-8 rounded px-3 font-medium ${
                filter === f
                  ? 'bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-slate-50'
                  : 'text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
              }`}
            >
              {f === 'all' ? 'All' : 'Unread'}
            </button>
          ))}
        </div>
      </div>

      {failed && (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200">
          That change didn’t save: {failed.error?.message ?? 'unknown error'}. It has been undone.
        </p>
      )}

      <div
        aria-busy={list.isFetching}
        className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900"
      >
        {list.isPending ? (
          <ListSkeleton rows={5} />
        ) : list.isError && !data ? (
          <ErrorState
            message={sessionOver ? 'Your session has ended. Reload the page to sign in again.' : list.error.message}
            onRetry={() => list.refetch()}
            retrying={list.isFetching}
          />
        ) : !data || data.alerts.length === 0 ? (
          <EmptyState title="You’re all caught up">
            {filter === 'unread' ? 'Nothing unread.' : 'New alerts for you will show up here.'}
          </EmptyState>
        ) : (
          <ul className={`divide-y divide-slate-200 dark:divide-slate-800 ${list.isPlaceholderData ? 'opacity-60' : ''}`}>
            {data.alerts.map((alert) => (
              <NotificationItem key={alert.id} alert={alert} now={now} onAction={onAction} />
            ))}
          </ul>
        )}
      </div>

      {data && data.total_pages > 1 && (
        <Pager page={data.page} totalPages={data.total_pages} total={data.total} pageSize={CENTER_PAGE_SIZE} onPage={goToPage} />
      )}
    </section>
  );
}
