'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertList, InboxAlert, UnreadCount } from '@/lib/alerts/inbox';
import type { ListAlertsQuery } from '@/lib/validation/alerts';
import { alertKeys, fetchAlertList, fetchUnreadCount, putAlertAction, type AlertAction } from './alerts-api';

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

/** How one action changes the viewer's unread count: -1, 0 or +1. */
function unreadDelta(alert: InboxAlert, action: AlertAction): number {
  if (action === 'unread') return alert.is_read ? 1 : 0;
  return alert.is_read ? 0 : -1;
}

function patchList(list: AlertList, alert: InboxAlert, action: AlertAction, now: string): AlertList {
  const delta = unreadDelta(alert, action);
  const has = list.alerts.some((a) => a.id === alert.id);
  if (action === 'dismiss') {
    return {
      ...list,
      alerts: list.alerts.filter((a) => a.id !== alert.id),
      total: has ? Math.max(0, list.total - 1) : list.total,
      unread_count: Math.max(0, list.unread_count + delta),
    };
  }
  const isRead = action === 'read';
  return {
    ...list,
    alerts: list.alerts.map((a) => (a.id === alert.id ? { ...a, is_read: isRead, read_at: isRead ? (a.read_at ?? now) : null } : a)),
    unread_count: Math.max(0, list.unread_count + delta),
  };
}

function patchCount(count: UnreadCount, alert: InboxAlert, action: AlertAction): UnreadCount {
  const delta = unreadDelta(alert, action);
  return {
    unread_count: Math.max(0, count.unread_count + delta),
    by_severity: { ...count.by_severity, [alert.severity]: Math.max(0, count.by_severity[alert.severity] + delta) },
  };
}

/** Read / unread / dismiss one alert, optimistically: the bell and every cached list change at once. */
export function useAlertAction(action: AlertAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alert: InboxAlert) => putAlertAction(alert.id, action),
    onMutate: async (alert: InboxAlert) => {
      await queryClient.cancelQueries({ queryKey: alertKeys.all });
      const snapshot = queryClient.getQueriesData({ queryKey: alertKeys.all });
      const now = new Date().toISOString();
      queryClient.setQueriesData<AlertList>({ queryKey: alertKeys.lists }, (old) => old && patchList(old, alert, action, now));
      queryClient.setQueryData<UnreadCount>(alertKeys.unreadCount, (old) => old && patchCount(old, alert, action));
      return { snapshot };
    },
    onError: (_error, _alert, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
