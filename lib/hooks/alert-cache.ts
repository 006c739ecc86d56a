import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { AlertCursorPage, AlertList, InboxAlert, UnreadCount } from '@/lib/alerts/inbox';
import type { AlertDetail } from '@/lib/validation/alert-responses';
import type { SnoozeBody } from '@/lib/validation/alerts';
import { alertKeys } from './alerts-api';
import type { CenterFilters, CenterTab } from './center-filters';

/** What an action does to one alert, as the viewer will see it once the server agrees. */
export type AlertPatch = (alert: InboxAlert, now: string) => Partial<InboxAlert>;

export const PATCHES = {
  read: (a, now) => ({ is_read: true, read_at: a.read_at ?? now }),
  unread: () => ({ is_read: false, read_at: null, snoozed_until: null, snoozed_until_resolved: false }),
  dismiss: (_a, now) => ({ is_dismissed: true, dismissed_at: now }),
  undismiss: () => ({ is_dismissed: false, dismissed_at: null }),
  // acknowledging from the center also reads it: whoever is on it has seen it
  acknowledge: (a, now) => ({ status: a.status === 'firing' ? 'acknowledged' : a.status, is_read: true, read_at: a.read_at ?? now }),
  // so does resolving: the one who resolves it has seen it
  resolve: (a, now) => ({ status: 'resolved', is_read: true, read_at: a.read_at ?? now }),
} satisfies Record<string, AlertPatch>;

/** Ending a snooze ("Undo"): what was unread before it goes back to unread, the rest stays read. */
export function unsnoozePatch(restoreUnread: ReadonlySet<number>): AlertPatch {
  return (a) => ({
    snoozed_until: null,
    snoozed_until_resolved: false,
    ...(restoreUnread.has(a.id) ? { is_read: false, read_at: null } : {}),
  });
}

export function snoozePatch(body: SnoozeBody): AlertPatch {
  return (a, now) => ({
    is_read: true,
    read_at: a.read_at ?? now,
    snoozed_until: body.until_resolved ? null : (body.until ?? new Date(Date.now() + (body.minutes ?? 60) * 60_000).toISOString()),
    snoozed_until_resolved: Boolean(body.until_resolved),
  });
}

/** Whether an alert still belongs in a tab after a change (the filters themselves are not changed by actions). */
export function belongsToTab(tab: CenterTab, a: InboxAlert): boolean {
  if (tab === 'dismissed') return a.is_dismissed;
  if (a.is_dismissed) return false;
  // unread is what the bell counts: an alert resolved before anyone read it needs nobody
  if (tab === 'unread') return !a.is_read && a.status !== 'resolved';
  if (tab === 'snoozed') return Boolean(a.snoozed_until || a.snoozed_until_resolved);
  if (tab === 'acknowledged' || tab === 'resolved') return a.status === tab;
  return true;
}

// an admin's view of an alert outside their inbox never counts, nor does one already resolved
const counts = (a: InboxAlert) => a.in_inbox && !a.is_read && !a.is_dismissed && a.status !== 'resolved';

type Target = ReadonlySet<number> | 'all';
const targets = (target: Target, id: number) => target === 'all' || target.has(id);

/**
 * Apply a change to every cached copy of the given alerts — each center feed (dropping rows that
 * leave its tab), the bell's list, the detail views — and move the unread count by what changed.
 */
export function patchCachedAlerts(queryClient: QueryClient, target: Target, patch: AlertPatch, known: InboxAlert[] = []): void {
  const now = new Date().toISOString();
  const before = new Map<number, InboxAlert>();
  const after = new Map<number, InboxAlert>();
  const change = <T extends InboxAlert>(a: T): T => {
    if (!targets(target, a.id)) return a;
    if (!before.has(a.id)) before.set(a.id, a);
    const next = { ...a, ...patch(a, now) } as T;
    after.set(a.id, next);
    return next;
  };
  for (const a of known) change(a);

  for (const [key, data] of queryClient.getQueriesData<InfiniteData<AlertCursorPage>>({ queryKey: alertKeys.feeds })) {
    if (!data) continue;
    const filters = (key as QueryKey)[2] as CenterFilters;
    queryClient.setQueryData<InfiniteData<AlertCursorPage>>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, alerts: page.alerts.map(change).filter((a) => belongsToTab(filters.tab, a)) })),
    });
  }
  queryClient.setQueriesData<AlertList>({ queryKey: alertKeys.lists }, (old) => {
    if (!old) return old;
    const alerts = old.alerts.map(change).filter((a) => !a.is_dismissed);
    return { ...old, alerts, total: Math.max(0, old.total - (old.alerts.length - alerts.length)) };
  });
  queryClient.setQueriesData<AlertDetail>({ queryKey: alertKeys.details }, (old) => old && change(old));

  if (target === 'all') {
    // everything unread is covered, cached or not
    if (patch === PATCHES.read) queryClient.setQueryData<UnreadCount>(alertKeys.unreadCount, (old) => old && zeroCount(old));
    return;
  }
  queryClient.setQueryData<UnreadCount>(alertKeys.unreadCount, (old) => {
    if (!old) return old;
    const bySeverity = { ...old.by_severity };
    let total = old.unread_count;
    for (const [id, prev] of before) {
      const delta = Number(counts(after.get(id)!)) - Number(counts(prev));
      bySeverity[prev.severity] = Math.max(0, bySeverity[prev.severity] + delta);
      total = Math.max(0, total + delta);
    }
    return { unread_count: total, by_severity: bySeverity };
  });
}

function zeroCount(old: UnreadCount): UnreadCount {
  const bySeverity = { ...old.by_severity };
  for (const k of Object.keys(bySeverity) as (keyof typeof bySeverity)[]) bySeverity[k] = 0;
  return { unread_count: 0, by_severity: bySeverity };
}

export type CacheSnapshot = [QueryKey, unknown][];

export function snapshotAlerts(queryClient: QueryClient): CacheSnapshot {
  return queryClient.getQueriesData({ queryKey: alertKeys.all });
}

export function restoreAlerts(queryClient: QueryClient, snapshot: CacheSnapshot | undefined): void {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}
