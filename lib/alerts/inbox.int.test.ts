import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { PUT as putDismiss } from '@/app/api/v1/alerts/[id]/dismiss/route';
import { PUT as putRead } from '@/app/api/v1/alerts/[id]/read/route';
import { PUT as putUnread } from '@/app/api/v1/alerts/[id]/unread/route';
import { db } from '@/db/client';
import { alertRecipients } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { listAlertsQuerySchema } from '@/lib/validation/alerts';
import { asViewer, createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { dismiss, listAlerts, markRead, markUnread, unreadCount } from './inbox';

// outside a Next request there is no cookie session to read (auth() needs next/headers); tokens are the real path here
const query = (q: Record<string, unknown> = {}) => listAlertsQuerySchema.parse(q);
const recipientRow = async (userId: number, alertId: number) =>
  (await db.select().from(alertRecipients).where(and(eq(alertRecipients.userId, userId), eq(alertRecipients.alertId, alertId))))[0];

const ALERT_KEYS = [
  'id', 'alert_type', 'severity', 'title', 'message', 'resource_type', 'resource_id', 'status', 'occurrences',
  'first_fired_at', 'last_fired_at', 'created_at', 'is_read', 'read_at', 'is_dismissed', 'dismissed_at', 'metadata',
  'rule_id', 'snoozed_until', 'snoozed_until_resolved', 'in_inbox', 'acknowledged_at', 'acknowledged_by',
].sort();

describe('inbox', () => {
  let a: Viewer;
  let b: Viewer;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    await seedDefaultRules(db);
    const manager = await createUser('manager');
    const staffA = await createUser('staff', { managerId: manager.id });
    const staffB = await createUser('staff', { managerId: manager.id });
    a = asViewer(staffA);
    b = asViewer(staffB);
    await createComplaint({ assigneeId: staffA.id, responseDueIn: -15, title: 'Oven broken' });
    await createComplaint({ assigneeId: staffA.id, responseDueIn: 20, title: 'Late delivery' });
    await createComplaint({ assigneeId: staffA.id, resolutionDueIn: -60, title: 'Refund missing' });
    await createComplaint({ assigneeId: staffB.id, responseDueIn: 30, title: 'Wrong size' });
    expect((await runCronJob(db, 'sla'))?.status).toBe('succeeded');
    [tokenA, tokenB] = await Promise.all([tokenFor(staffA.id), tokenFor(staffB.id)]);
  });

  it('lists the viewer’s alerts in the contract’s shape, newest first', async () => {
    const list = await listAlerts(db, a, query());
    expect(Object.keys(list).sort()).toEqual(['alerts', 'page', 'page_size', 'total', 'total_pages', 'unread_count']);
    expect(list).toMatchObject({ total: 3, page: 1, page_size: 20, total_pages: 1, unread_count: 3 });
    for (const alert of list.alerts) {
      expect(Object.keys(alert).sort()).toEqual(ALERT_KEYS);
      expect(alert).toMatchObject({ is_read: false, read_at: null, is_dismissed: false, dismissed_at: null, status: 'firing', occurrences: 1 });
      expect(alert.resource_type).toBe('complaint');
      expect(new Date(alert.created_at).toISOString()).toBe(alert.created_at);
    }
    const order = list.alerts.map((x) => [x.created_at, x.id] as const);
    expect(order).toEqual([...order].sort((x, y) => (x[0] === y[0] ? y[1] - x[1] : y[0].localeCompare(x[0]))));
    expect(list.alerts.map((x) => x.severity).sort()).toEqual(['critical', 'critical', 'warning']);
  });

  it('filters and pages', async () => {
    expect((await listAlerts(db, a, query({ severity: 'warning' }))).alerts.map((x) => x.severity)).toEqual(['warning']);
    expect((await listAlerts(db, a, query({ status: 'resolved' }))).total).toBe(0);
    expect((await listAlerts(db, a, query({ status: 'firing' }))).total).toBe(3);
    const page2 = await listAlerts(db, a, query({ page: '2', page_size: '2' }));
    expect(page2).toMatchObject({ total: 3, page: 2, page_size: 2, total_pages: 2 });
    expect(page2.alerts).toHaveLength(1);
    expect((await listAlerts(db, a, query({ page: '9' }))).alerts).toEqual([]);
  });

  it('never shows another user’s alerts, and answers 404 for them', async () => {
    const mine = await listAlerts(db, a, query());
    const theirs = await listAlerts(db, b, query());
    expect(theirs.total).toBe(1);
    expect(theirs.alerts.some((x) => mine.alerts.some((y) => y.id === x.id))).toBe(false);
    const target = mine.alerts[0]!.id;
    for (const change of [markRead, markUnread, dismiss]) {
      await expect(change(db, b, target)).rejects.toMatchObject({ status: 404 });
    }
    await expect(markRead(db, b, target)).rejects.toBeInstanceOf(ApiError);
    expect(await recipientRow(a.id, target)).toMatchObject({ readAt: null, dismissedAt: null });
  });

  it('read lowers the unread count by one and sets read_at; unread restores it', async () => {
    const before = await unreadCount(db, a);
    expect(before).toEqual({ unread_count: 3, by_severity: { info: 0, warning: 1, error: 0, critical: 2 } });
    const target = (await listAlerts(db, a, query({ severity: 'critical' }))).alerts[0]!;

    await markRead(db, a, target.id);
    const after = await unreadCount(db, a);
    expect(after.unread_count).toBe(2);
    expect(after.by_severity.critical).toBe(1);
    const readAt = (await recipientRow(a.id, target.id))!.readAt;
    expect(readAt).toBeInstanceOf(Date);
    const listed = (await listAlerts(db, a, query())).alerts.find((x) => x.id === target.id)!;
    expect(listed).toMatchObject({ is_read: true, read_at: readAt!.toISOString() });
    expect((await listAlerts(db, a, query({ unread_only: 'true' }))).alerts.map((x) => x.id)).not.toContain(target.id);

    await markRead(db, a, target.id);
    expect((await recipientRow(a.id, target.id))!.readAt).toEqual(readAt);
    expect((await unreadCount(db, a)).unread_count).toBe(2);

    await markUnread(db, a, target.id);
    expect(await unreadCount(db, a)).toEqual(before);
    expect((await recipientRow(a.id, target.id))!.readAt).toBeNull();
  });

  it('dismiss hides the alert from the list and the count, and sets dismissed_at', async () => {
    const target = (await listAlerts(db, a, query({ severity: 'warning' }))).alerts[0]!;
    await dismiss(db, a, target.id);
    const list = await listAlerts(db, a, query());
    expect(list.alerts.map((x) => x.id)).not.toContain(target.id);
    expect(list).toMatchObject({ total: 2, unread_count: 2 });
    expect((await recipientRow(a.id, target.id))!.dismissedAt).toBeInstanceOf(Date);
    expect((await unreadCount(db, a)).by_severity.warning).toBe(0);
  });

  describe('route handlers', () => {
    const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
    const req = (path: string, token?: string, method = 'GET') =>
      new Request(`http://localhost${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('answers 401 without credentials', async () => {
      const res = await getList(req('/api/v1/alerts'), ctx());
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await putRead(req('/api/v1/alerts/1/read', undefined, 'PUT'), ctx({ id: '1' }))).status).toBe(401);
      expect((await getCount(req('/api/v1/alerts/unread/count'), ctx())).status).toBe(401);
    });

    it('lists and counts with a bearer token', async () => {
      const res = await getList(req('/api/v1/alerts?page_size=1&unread_only=1', tokenB), ctx());
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ total: 1, page: 1, page_size: 1, total_pages: 1, unread_count: 1 });
      expect(Object.keys(body.alerts[0]).sort()).toEqual(ALERT_KEYS);
      const count = await getCount(req('/api/v1/alerts/unread/count', tokenB), ctx());
      expect(await count.json()).toMatchObject({ unread_count: 1 });
    });

    it('reads, unreads and dismisses with 204; 404 for someone else’s alert', async () => {
      const [mine] = (await listAlerts(db, b, query())).alerts;
      const [theirs] = (await listAlerts(db, a, query())).alerts;
      for (const put of [putRead, putUnread, putDismiss]) {
        const res = await put(req(`/api/v1/alerts/${mine!.id}/x`, tokenB, 'PUT'), ctx({ id: String(mine!.id) }));
        expect(res.status).toBe(204);
        expect(await res.text()).toBe('');
        const other = await put(req(`/api/v1/alerts/${theirs!.id}/x`, tokenB, 'PUT'), ctx({ id: String(theirs!.id) }));
        expect(other.status).toBe(404);
        expect(other.headers.get('content-type')).toBe('application/problem+json');
      }
      expect((await recipientRow(b.id, mine!.id))!.dismissedAt).toBeInstanceOf(Date);
      expect((await recipientRow(a.id, theirs!.id))).toMatchObject({ readAt: null, dismissedAt: null });
    });

    it('answers 404 for a well-formed id that does not exist', async () => {
      const res = await putRead(req('/api/v1/alerts/987654321/read', tokenA, 'PUT'), ctx({ id: '987654321' }));
      expect(res.status).toBe(404);
    });

    it.each(['abc', '0', '-1', '1.5', '1e3', ' 7', '99999999999999999999', '9007199254740993', ''])(
      'answers 404/422, never 500, for the id %j',
      async (id) => {
        for (const put of [putRead, putUnread, putDismiss]) {
          const res = await put(req(`/api/v1/alerts/${encodeURIComponent(id)}/read`, tokenA, 'PUT'), ctx({ id }));
          expect([404, 422]).toContain(res.status);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
        }
      },
    );

    it.each(['page=0', 'page=x', 'page_size=0', 'page_size=101', 'status=open', 'severity=fatal', 'unread_only=yes', 'page=1e400'])(
      'answers 422 for the bad query %s',
      async (qs) => {
        const res = await getList(req(`/api/v1/alerts?${qs}`, tokenA), ctx());
        expect(res.status).toBe(422);
        expect((await res.json()).errors.length).toBeGreaterThan(0);
      },
    );

    it('treats empty query values as not given', async () => {
      const res = await getList(req('/api/v1/alerts?status=&severity=&page=', tokenA), ctx());
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ page: 1, page_size: 20 });
    });
  });
});
