import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as putDismiss } from '@/app/api/v1/alerts/[id]/dismiss/route';
import { GET as getHistory } from '@/app/api/v1/alerts/history/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertCursorPage, AlertList } from '@/lib/validation/alert-responses';
import { decodeCursor, encodeCursor } from '@/lib/validation/alerts';
import { createUser, tokenFor } from '@/test/fixtures';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { snoozeAlert } from './snooze';
import { asViewer, call, raiseFor } from './testing/api';

const list = async (token: string, qs: string) => {
  const res = await call(getList, { path: `/api/v1/alerts?${qs}`, token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AlertList & Partial<Pick<AlertCursorPage, 'next_cursor'>>;
};
const ids = (l: { alerts: { id: number }[] }) => l.alerts.map((a) => a.id);

let admin: Viewer;
let user: Viewer;
let token: string;
let adminToken: string;

beforeAll(async () => {
  const adminUser = await createUser('admin');
  const u = await createUser('staff');
  admin = asViewer(adminUser);
  user = asViewer(u);
  [token, adminToken] = await Promise.all([tokenFor(u.id), tokenFor(adminUser.id)]);
});

describe('keyset paging', () => {
  it('pages through the inbox with no duplicate and no gap while new alerts arrive, ties included', async () => {
    const pager = await createUser('staff');
    const pagerToken = await tokenFor(pager.id);
    for (let i = 0; i < 25; i++) await raiseFor(admin, [pager]);
    // ten rows share one microsecond-precise instant (in the past: new alerts stay at the head): the id breaks the tie, and the cursor must not round it
    await db.execute(sql`
      update alert_recipients set created_at = now() - interval '1 hour' + interval '0.123456 seconds'
       where user_id = ${pager.id} and alert_id in (select alert_id from alert_recipients where user_id = ${pager.id} order by alert_id limit 10 offset 5)`);
    const expected = await db.execute<{ alert_id: number }>(sql`
      select alert_id from alert_recipients where user_id = ${pager.id} order by created_at desc, alert_id desc`);

    const seen: number[] = [];
    let cursor = 'start';
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(pagerToken, `page_size=7&cursor=${cursor}`);
      expect(page).toMatchObject({ total: null, page: null, total_pages: null, page_size: 7, unread_count: 25 + pages * 2 });
      seen.push(...ids(page));
      // new alerts land at the head of the inbox, never between pages already read
      await raiseFor(admin, [pager]);
      await raiseFor(admin, [pager]);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected.map((r) => r.alert_id));
  });

  it('answers the same rows in the same order as offset paging', async () => {
    const offset = await list(token, 'page_size=100');
    const keyset: number[] = [];
    let cursor = 'start';
    for (;;) {
      const page = await list(token, `page_size=3&cursor=${cursor}`);
      keyset.push(...ids(page));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(keyset).toEqual(ids(offset));
  });

  it('refuses a malformed cursor, a cursor of another scope, and page with cursor (422)', async () => {
    await raiseFor(admin, [user]);
    const inboxCursor = encodeCursor({ scope: 'inbox', ts: '2030-01-01T00:00:00.000000Z', id: 5 });
    expect(decodeCursor(inboxCursor)).toEqual({ scope: 'inbox', ts: '2030-01-01T00:00:00.000000Z', id: 5 });
    const cases: [string, string][] = [
      [token, 'cursor=not-a-cursor'],
      [token, `cursor=${encodeCursor({ scope: 'inbox', ts: '2030-01-01T00:00:00.000000Z', id: 5 })}x`],
      [token, `cursor=${btoa('i|yesterday|5')}`],
      [adminToken, `scope=all&cursor=${inboxCursor}`],
      [token, 'page=2&cursor=start'],
    ];
    for (const [t, qs] of cases) {
      const res = await call(getList, { path: `/api/v1/alerts?${qs}`, token: t });
      expect(res.status, qs).toBe(422);
      expect(res.contentType).toBe('application/problem+json');
    }
  });
});

describe('filters and tabs', () => {
  let a: Record<string, number>;
  let filterUser: { id: number };
  let filterToken: string;

  beforeAll(async () => {
    filterUser = await createUser('staff');
    filterToken = await tokenFor(filterUser.id);
    const v = asViewer({ ...filterUser, role: 'staff', email: 'x', name: 'x' });
    a = {
      disk: await raiseFor(admin, [filterUser], { alert_type: 'disk_full', severity: 'critical', title: 'Disk 100%_full on db-1', resource: { type: 'host', id: 'db-1' } }),
      diskOther: await raiseFor(admin, [filterUser], { alert_type: 'disk_full', severity: 'warning', title: 'Disk 100 percent full on db-2', resource: { type: 'host', id: 'db-2' } }),
      cpu: await raiseFor(admin, [filterUser], { alert_type: 'cpu_high', severity: 'warning', title: 'CPU high', message: 'load is HIGH on web-3' }),
      acked: await raiseFor(admin, [filterUser], { alert_type: 'cpu_high', severity: 'info', title: 'CPU warm' }),
      resolved: await raiseFor(admin, [filterUser], { alert_type: 'cpu_high', severity: 'info', title: 'CPU cool' }),
      dismissed: await raiseFor(admin, [filterUser], { alert_type: 'noise', severity: 'info', title: 'Noise' }),
      snoozed: await raiseFor(admin, [filterUser], { alert_type: 'noise', severity: 'info', title: 'Snoozed noise' }),
    };
    await acknowledgeAlert(db, v, a.acked!);
    await resolveAlert(db, v, a.resolved!);
    await call(putDismiss, { method: 'PUT', token: filterToken, params: { id: String(a.dismissed) } });
    await snoozeAlert(db, v, a.snoozed!, { minutes: 60 });
    // one row received long ago, for the date window
    await db.execute(sql`update alert_recipients set created_at = '2020-06-01T12:00:00Z' where user_id = ${filterUser.id} and alert_id = ${a.diskOther!}`);
  });

  const listed = async (qs: string) => new Set(ids(await list(filterToken, qs)));

  it('filters by status, severity, alert_type, resource, rule and text (wildcards are literal)', async () => {
    expect(await listed('status=acknowledged')).toEqual(new Set([a.acked]));
    expect(await listed('severity=critical')).toEqual(new Set([a.disk]));
    expect(await listed('alert_type=disk_full')).toEqual(new Set([a.disk, a.diskOther]));
    expect(await listed('resource=host:db-1')).toEqual(new Set([a.disk]));
    expect(await listed('resource_type=host')).toEqual(new Set([a.disk, a.diskOther]));
    expect(await listed('resource_type=host&resource_id=db-2')).toEqual(new Set([a.diskOther]));
    expect(await listed('q=high')).toEqual(new Set([a.cpu])); // title "CPU high" and message "HIGH"
    expect(await listed('q=100%25_')).toEqual(new Set([a.disk])); // "100%_" literally, not "100 percent"
    expect(await listed('rule_id=1')).toEqual(new Set());
    expect(await listed('alert_type=disk_full&severity=warning')).toEqual(new Set([a.diskOther]));
  });

  it('filters by the date the alert reached the inbox (from inclusive, to exclusive)', async () => {
    expect(await listed('to=2021-01-01T00:00:00Z')).toEqual(new Set([a.diskOther]));
    expect(await listed('from=2020-06-01T12:00:00Z&to=2020-06-01T12:00:00.001Z')).toEqual(new Set([a.diskOther]));
    expect((await listed('from=2021-01-01T00:00:00%2B02:00')).has(a.diskOther!)).toBe(false);
  });

  it('has a tab per notification-center view', async () => {
    const all = await listed('');
    expect(all.has(a.dismissed!)).toBe(false);
    expect(all.has(a.snoozed!)).toBe(true);
    expect(await listed('view=dismissed')).toEqual(new Set([a.dismissed]));
    expect(await listed('view=acknowledged')).toEqual(new Set([a.acked]));
    expect(await listed('view=resolved')).toEqual(new Set([a.resolved]));
    expect(await listed('view=snoozed')).toEqual(new Set([a.snoozed]));
    const unread = await listed('view=unread');
    expect(unread.has(a.snoozed!)).toBe(false);
    expect(unread).toEqual(await listed('unread_only=true'));
    const snoozed = (await list(filterToken, 'view=snoozed')).alerts[0]!;
    expect(snoozed).toMatchObject({ is_read: true, snoozed_until_resolved: false, snoozed_until: expect.any(String) });
  });

  it('history holds everything, dismissed and resolved included, with the same filters', async () => {
    const res = await call(getHistory, { path: '/api/v1/alerts/history?page_size=100', token: filterToken });
    expect(res.status).toBe(200);
    expect(new Set(ids(res.body as AlertList))).toEqual(new Set(Object.values(a)));
    const noise = await call(getHistory, { path: '/api/v1/alerts/history?alert_type=noise&cursor=start', token: filterToken });
    expect(new Set(ids(noise.body as AlertList))).toEqual(new Set([a.dismissed, a.snoozed]));
    expect((await call(getHistory, { path: '/api/v1/alerts/history?view=dismissed', token: filterToken })).status).toBe(200); // view is not a history filter: ignored
  });

  it('scope=all shows admins every alert, with their own state only where it reached them', async () => {
    const all = await list(adminToken, `scope=all&alert_type=disk_full&page_size=100`);
    expect(new Set(ids(all))).toEqual(new Set([a.disk, a.diskOther]));
    for (const alert of all.alerts) expect(alert).toMatchObject({ in_inbox: false, is_read: false, read_at: null });
    const mine = await list(adminToken, 'alert_type=disk_full');
    expect(mine.total).toBe(0);
    // keyset paging over scope=all
    const first = await list(adminToken, 'scope=all&alert_type=cpu_high&page_size=2&cursor=start');
    const second = await list(adminToken, `scope=all&alert_type=cpu_high&page_size=2&cursor=${first.next_cursor}`);
    expect([...ids(first), ...ids(second)]).toEqual([a.resolved, a.acked, a.cpu]);
    expect(second.next_cursor).toBeNull();
  });

  it.each([
    'view=everything',
    'scope=mine',
    'rule_id=0',
    'rule_id=abc',
    'resource=nocolon',
    'resource=host:db-1&resource_type=host',
    'resource_id=db-1',
    'from=yesterday',
    'from=2021-01-02T00:00:00Z&to=2021-01-01T00:00:00Z',
    `q=${'x'.repeat(201)}`,
    'alert_type=Bad%20Type',
    'page_size=101',
  ])('answers 422 for %s', async (qs) => {
    const res = await call(getList, { path: `/api/v1/alerts?${qs}`, token: filterToken });
    expect(res.status).toBe(422);
    expect((res.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });
});
