'use client';

import { useRouter } from 'next/navigation';
import { useId, useMemo, useRef, useState } from 'react';
import { ActionNotice, useNotice } from '@/components/notifications/action-notice';
import { CenterEmpty } from '@/components/notifications/center-empty';
import { CenterFiltersBar } from '@/components/notifications/center-filters-bar';
import { CenterTabs } from '@/components/notifications/center-tabs';
import { FeedFooter } from '@/components/notifications/feed-footer';
import { ErrorState, ListSkeleton } from '@/components/notifications/list-states';
import { NotificationItem } from '@/components/notifications/notification-item';
import { SelectionBar } from '@/components/notifications/selection-bar';
import { ShortcutsHelp } from '@/components/notifications/shortcuts-help';
import { announceNavigation } from '@/components/shell/navigation-progress';
import type { InboxAlert } from '@/lib/alerts/inbox';
import { AlertsRequestError } from '@/lib/hooks/alerts-api';
import { DEFAULT_FILTERS } from '@/lib/hooks/center-filters';
import { useMarkAllRead, usePendingCommands } from '@/lib/hooks/use-alert-mutations';
import { useAlertFeed, useUnreadCount } from '@/lib/hooks/use-alerts';
import { useCenterFilters } from '@/lib/hooks/use-center-filters';
import { useCenterKeyboard } from '@/lib/hooks/use-center-keyboard';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import { useCenterCommands } from './use-center-commands';

/** The notification center: tabs, filters and search in the URL, an endless keyset-paged feed, selection and shortcuts. */
export function NotificationsClient() {
  const router = useRouter();
  const now = useNow();
  const hydrated = useHydrated();
  const panelId = useId();
  const feedRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const anchor = useRef<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const { notice, show, hide } = useNotice();

  const { filters, setFilters } = useCenterFilters();
  const feed = useAlertFeed(filters);
  const { data: counts } = useUnreadCount();
  const { run, act } = useCenterCommands(filters.tab, show);
  const markAllRead = useMarkAllRead();
  const pending = usePendingCommands();

  const rows = useMemo(() => {
    const seen = new Set<number>();
    return (feed.data?.pages ?? []).flatMap((p) => p.alerts).filter((a) => !seen.has(a.id) && seen.add(a.id));
  }, [feed.data]);

  // a selection belongs to one view: a new tab or filter starts empty
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [selectionView, setSelectionView] = useState(filters);
  if (selectionView !== filters) {
    setSelectionView(filters);
    if (selected.size) setSelected(new Set());
  }
  const selectedRows = rows.filter((a) => selected.has(a.id));

  const toggle = (alert: InboxAlert, range = false) => {
    const from = anchor.current === null ? -1 : rows.findIndex((a) => a.id === anchor.current);
    const to = rows.findIndex((a) => a.id === alert.id);
    const next = new Set(selected);
    if (range && from >= 0 && to >= 0) {
      for (const a of rows.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(a.id);
    } else if (next.has(alert.id)) next.delete(alert.id);
    else next.add(alert.id);
    anchor.current = alert.id;
    setSelected(next);
  };
  const clearSelection = () => {
    if (!selected.size) return false;
    setSelected(new Set());
    return true;
  };
  const loadMore = () => {
    if (feed.hasNextPage && !feed.isFetchingNextPage && !feed.isPlaceholderData) void feed.fetchNextPage();
  };

  const keys = useCenterKeyboard(rows, feedRef, {
    open: (alert) => {
      announceNavigation();
      router.push(`/alerts/${alert.id}`);
    },
    toggleSelect: (alert) => toggle(alert),
    act: (key, current) => {
      act(key, selectedRows.length ? selectedRows : current ? [current] : []);
      if (selectedRows.length) setSelected(new Set());
    },
    help: () => setHelpOpen(true),
    search: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    clearSelection,
    loadMore,
  });

  const sessionOver = feed.error instanceof AlertsRequestError && feed.error.status === 401;
  const unread = counts?.unread_count ?? 0;

  return (
    <section aria-labelledby="notifications-heading" data-hydrated={hydrated}>
      <div className="mb-2 flex items-baseline justify-between gap-3">
        <h1 id="notifications-heading" className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          Notifications
        </h1>
        <div className="flex items-baseline gap-3 text-sm">
          <span className="text-slate-500 tabular-nums dark:text-slate-400">{counts ? `${unread} unread` : '\u00a0'}</span>
          <button
            type="button"
            data-testid="center-mark-all-read"
            onClick={() => markAllRead.mutate()}
            disabled={unread === 0 || markAllRead.isPending}
            aria-busy={markAllRead.isPending || undefined}
            className="font-medium text-blue-700 hover:underline disabled:text-slate-400 disabled:no-underline dark:text-blue-300 dark:disabled:text-slate-500"
          >
            Mark all read
          </button>
        </div>
      </div>

      <CenterTabs tab={filters.tab} unreadCount={unread} panelId={panelId} onChange={(tab) => setFilters({ tab })} />
      <div className="mt-3">
        <CenterFiltersBar filters={filters} onChange={setFilters} searchRef={searchRef} />
      </div>

      <div className="mt-3 rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <SelectionBar
          shown={rows.length}
          selected={selectedRows.length}
          allResolved={selectedRows.every((a) => a.status === 'resolved')}
          dismissedTab={filters.tab === 'dismissed'}
          onSelectAll={(all) => setSelected(new Set(all ? rows.map((a) => a.id) : []))}
          onBulk={(kind, snooze) => {
            act(kind, selectedRows, snooze);
            setSelected(new Set());
          }}
          onClear={clearSelection}
          onHelp={() => setHelpOpen(true)}
        />
        <div id={panelId} role="tabpanel" aria-label="Notifications list">
          {feed.isPending ? (
            <ListSkeleton rows={5} />
          ) : feed.isError && (!feed.data || feed.isPlaceholderData) ? (
            <ErrorState
              message={sessionOver ? 'Your session has ended. Reload the page to sign in again.' : feed.error.message}
              onRetry={() => feed.refetch()}
              retrying={feed.isFetching}
            />
          ) : rows.length === 0 ? (
            <CenterEmpty filters={filters} onClear={() => setFilters({ ...DEFAULT_FILTERS, tab: filters.tab })} />
          ) : (
            <div
              ref={feedRef}
              role="feed"
              aria-busy={feed.isFetching}
              className={`[&>article:last-child]:rounded-b-lg ${feed.isPlaceholderData ? 'opacity-60 transition-opacity' : ''}`}
            >
              {rows.map((alert, i) => (
                <NotificationItem
                  key={alert.id}
                  alert={alert}
                  now={now}
                  position={i + 1}
                  tabStop={alert.id === keys.tabStop}
                  active={alert.id === keys.activeId}
                  selected={selected.has(alert.id)}
                  pending={pending.get(alert.id) ?? null}
                  onActivate={keys.activate}
                  onSelect={toggle}
                  onCommand={(a, command) => run([a], command)}
                />
              ))}
            </div>
          )}
        </div>
      </div>

      <FeedFooter
        hasNextPage={feed.hasNextPage}
        loading={feed.isFetchingNextPage}
        failed={feed.isFetchNextPageError}
        shown={rows.length}
        onLoadMore={loadMore}
      />
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <ActionNotice notice={notice} onClose={hide} />
    </section>
  );
}
