import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { AlertCursorPage, InboxAlert, UnreadCount } from '@/lib/alerts/inbox';
import { belongsToTab, patchCachedAlerts, PATCHES, restoreAlerts, snapshotAlerts, snoozePatch, unsnoozePatch } from './alert-cache';
import { alertKeys } from './alerts-api';
import { DEFAULT_FILTERS } from './center-filters';

const alert = (id: number, over: Partial<InboxAlert> = {}): InboxAlert => ({
  id,
  rule_id: 1,
  alert_type: 'sla_breach',
  severity: 'critical',
  title: `Alert ${id}`,
  message: '',
  resource_type: null,
  resource_id: null,
  status: 'firing',
  occurrences: 1,
  first_fired_at: '2026-01-01T00:00:00.000Z',
  last_fired_at: '2026-01-01T00:00:00.000Z',
  created_at: '2026-01-01T00:00:00.000Z',
  is_read: false,
  read_at: null,
  is_dismissed: false,
  dismissed_at: null,
  snoozed_until: null,
  snoozed_until_resolved: false,
  in_inbox: true,
  acknowledged_at: null,
  acknowledged_by: null,
  metadata: {},
  ...over,
});
const page = (alerts: InboxAlert[]): AlertCursorPage => ({ alerts, total: null, page: null, page_size: 25, total_pages: null, unread_count: 0, next_cursor: null });
const count = (critical: number): UnreadCount => ({ unread_count: critical, by_severity: { info: 0, warning: 0, error: 0, critical } });

function seeded() {
  const qc = new QueryClient();
  const a = alert(1);
  const b = alert(2);
  const c = alert(3, { is_read: true, read_at: '2026-01-01T00:01:00.000Z' });
  for (const tab of ['all', 'unread'] as const) {
    qc.setQueryData<InfiniteData<AlertCursorPage>>(alertKeys.feed({ ...DEFAULT_FILTERS, tab }), {
      pages: [page(tab === 'all' ? [a, b, c] : [a, b])],
      pageParams: ['start'],
    });
  }
  qc.setQueryData(alertKeys.unreadCount, count(2));
  return { qc, a, b, c };
}
const feed = (qc: QueryClient, tab: 'all' | 'unread') =>
  qc.getQueryData<InfiniteData<AlertCursorPage>>(alertKeys.feed({ ...DEFAULT_FILTERS, tab }))!.pages.flatMap((p) => p.alerts);

describe('optimistic cache patches', () => {
  it('reading an alert marks it in All, drops it from Unread and lowers the count by one', () => {
    const { qc, a } = seeded();
    patchCachedAlerts(qc, new Set([a.id]), PATCHES.read, [a]);
    expect(feed(qc, 'all').find((x) => x.id === a.id)).toMatchObject({ is_read: true });
    expect(feed(qc, 'unread').map((x) => x.id)).toEqual([2]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)).toEqual(count(1));
  });

  it('dismissing a read alert leaves the count alone; acknowledging reads and changes status', () => {
    const { qc, b, c } = seeded();
    patchCachedAlerts(qc, new Set([c.id]), PATCHES.dismiss, [c]);
    expect(feed(qc, 'all').map((x) => x.id)).toEqual([1, 2]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)!.unread_count).toBe(2);
    patchCachedAlerts(qc, new Set([b.id]), PATCHES.acknowledge, [b]);
    expect(feed(qc, 'all').find((x) => x.id === b.id)).toMatchObject({ status: 'acknowledged', is_read: true });
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)!.unread_count).toBe(1);
  });

  it('a snooze reads the alert and records until when', () => {
    const { qc, a } = seeded();
    patchCachedAlerts(qc, new Set([a.id]), snoozePatch({ until_resolved: true }), [a]);
    expect(feed(qc, 'all').find((x) => x.id === a.id)).toMatchObject({ is_read: true, snoozed_until: null, snoozed_until_resolved: true });
  });

  it('mark all read empties Unread and zeroes the count; a snapshot restores everything', () => {
    const { qc } = seeded();
    const snapshot = snapshotAlerts(qc);
    patchCachedAlerts(qc, 'all', PATCHES.read);
    expect(feed(qc, 'unread')).toEqual([]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)!.unread_count).toBe(0);
    restoreAlerts(qc, snapshot);
    expect(feed(qc, 'unread').map((x) => x.id)).toEqual([1, 2]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)).toEqual(count(2));
  });

  it('never counts an admin’s view of an alert outside their inbox', () => {
    const { qc } = seeded();
    const outside = alert(9, { in_inbox: false });
    patchCachedAlerts(qc, new Set([outside.id]), PATCHES.acknowledge, [outside]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)!.unread_count).toBe(2);
  });

  it('resolving takes an unread alert out of the count and Unread, and reads it for the one who resolves', () => {
    const { qc, a } = seeded();
    patchCachedAlerts(qc, new Set([a.id]), PATCHES.resolve, [a]);
    expect(feed(qc, 'all').find((x) => x.id === a.id)).toMatchObject({ status: 'resolved', is_read: true });
    expect(feed(qc, 'unread').map((x) => x.id)).toEqual([2]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)).toEqual(count(1));
  });

  it('undoing a snooze brings back unread what was unread before it, and leaves the rest read', () => {
    const { qc, a, c } = seeded();
    const snooze = snoozePatch({ minutes: 60 });
    const now = new Date().toISOString();
    patchCachedAlerts(qc, new Set([a.id, c.id]), snooze, [a, c]);
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)).toEqual(count(1));
    const snoozed = [a, c].map((x) => ({ ...x, ...snooze(x, now) }));
    patchCachedAlerts(qc, new Set([a.id, c.id]), unsnoozePatch(new Set([a.id])), snoozed);
    const all = feed(qc, 'all');
    expect(all.find((x) => x.id === a.id)).toMatchObject({ is_read: false, read_at: null, snoozed_until: null, snoozed_until_resolved: false });
    expect(all.find((x) => x.id === c.id)).toMatchObject({ is_read: true, snoozed_until: null });
    expect(qc.getQueryData<UnreadCount>(alertKeys.unreadCount)).toEqual(count(2));
  });

  it('tabs: Snoozed holds what is snoozed; Unread leaves out what resolved before anyone read it', () => {
    expect(belongsToTab('snoozed', alert(1, { snoozed_until: '2026-01-01T01:00:00.000Z' }))).toBe(true);
    expect(belongsToTab('snoozed', alert(1, { snoozed_until_resolved: true }))).toBe(true);
    expect(belongsToTab('snoozed', alert(1))).toBe(false);
    expect(belongsToTab('snoozed', alert(1, { snoozed_until_resolved: true, is_dismissed: true }))).toBe(false);
    expect(belongsToTab('unread', alert(1, { status: 'resolved' }))).toBe(false);
    expect(belongsToTab('unread', alert(1, { status: 'acknowledged' }))).toBe(true);
  });
});
