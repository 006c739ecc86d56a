'use client';

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { UnreadCount } from '@/lib/alerts/inbox';
import type { ListAlertsQuery } from '@/lib/validation/alerts';
import {
  alertKeys,
  FEED_START,
  fetchAlertDetail,
  fetchAlertFeedPage,
  fetchAlertList,
  fetchAlertTypes,
  fetchUnreadCount,
} from './alerts-api';
import type { CenterFilters } from './center-filters';

export function useAlertList(params: ListAlertsQuery, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: alertKeys.list(params),
    queryFn: () => fetchAlertList(params),
    // paging and filtering keep the old rows on screen until the new ones arrive: no flash of empty
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

export function useUnreadCount(initialData?: UnreadCount) {
  return useQuery({ queryKey: alertKeys.unreadCount, queryFn: fetchUnreadCount, initialData });
}

/** The center's feed for one tab + filters, keyset-paged; the server prefetches its first page under the same key. */
export function useAlertFeed(filters: CenterFilters) {
  return useInfiniteQuery({
    queryKey: alertKeys.feed(filters),
    queryFn: ({ pageParam, signal }) => fetchAlertFeedPage(filters, pageParam, signal),
    initialPageParam: FEED_START,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // switching tabs keeps the old rows (dimmed) until the new ones arrive: the list never collapses
    placeholderData: keepPreviousData,
  });
}

export function useAlertDetail(id: number) {
  return useQuery({ queryKey: alertKeys.detail(id), queryFn: () => fetchAlertDetail(id) });
}

/** Alert types the viewer can receive, for the type filter; they change rarely. */
export function useAlertTypes() {
  return useQuery({ queryKey: alertKeys.alertTypes, queryFn: fetchAlertTypes, staleTime: 10 * 60_000 });
}
