import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as routeGet } from '@/app/api/v1/alerts/unread/count/route';
import { db } from '@/db/client';
import { markRead, unreadCount } from '@/lib/alerts/inbox';
import type { Viewer } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { asViewer, createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { serveHotPath } from './hot-path';

const PATH = '/api/v1/alerts/unread/count';

/** The production server's dispatch, over real HTTP: hot reads answered here, the rest marked as left to Next. */
describe('API hot path', () => {
  let server: http.Server;
  let base: string;
  let viewer: Viewer;
  let token: string;

  beforeAll(async () => {
    await seedDefaultRules(db);
    const staff = await createUser('staff');
    viewer = asViewer(staff, 'token');
    token = await tokenFor(staff.id, ['alerts.read']);
    await createComplaint({ assigneeId: staff.id, responseDueIn: -15, priority: 'critical' });
    await createComplaint({ assigneeId: staff.id, responseDueIn: 20 });
    await runCronJob(db, 'sla');
    server = http.createServer((req, res) => {
      if (!serveHotPath(req, res)) res.writeHead(299, { 'x-left-to': 'next' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const viaHotPath = (path: string, init: RequestInit = {}) => fetch(base + path, init);
  const viaRoute = (headers: Record<string, string>) => routeGet(new Request(`http://x${PATH}`, { headers }), { params: Promise.resolve({}) });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('answers a token holder with their unread counts, exactly as the route does', async () => {
    const expected = await unreadCount(db, viewer);
    expect(expected.unread_count).toBeGreaterThan(0);
    const res = await viaHotPath(`${PATH}?from=bell`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-left-to')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('server-timing')).toMatch(/app;dur=/);
    expect(await res.json()).toEqual(expected);
    expect(await (await viaRoute(bearer(token))).json()).toEqual(expected);
  });

  it('follows the count as the inbox changes', async () => {
    const before = await unreadCount(db, viewer);
    const [first] = await db.execute<{ alert_id: number }>(sql`select alert_id from alert_recipients where user_id = ${viewer.id} and read_at is null limit 1`);
    await markRead(db, viewer, first!.alert_id);
    const body = (await (await viaHotPath(PATH, { headers: bearer(token) })).json()) as { unread_count: number };
    expect(body.unread_count).toBe(before.unread_count - 1);
  });

  it('refuses unknown tokens (401) and tokens without alerts.read (403) with the route’s problem+json', async () => {
    const admin = await createUser('admin');
    const writeOnly = await tokenFor(admin.id, ['events.write']);
    for (const [headers, status] of [
      [bearer('oat_unknown'), 401],
      [bearer('not-a-token'), 401],
      [bearer(writeOnly), 403],
    ] as const) {
      const hot = await viaHotPath(PATH, { headers });
      const route = await viaRoute(headers);
      expect(hot.status).toBe(status);
      expect(route.status).toBe(status);
      expect(hot.headers.get('content-type')).toBe('application/problem+json');
      expect(await hot.json()).toEqual(await route.json());
    }
  });

  it('leaves sessions, other methods and other paths to Next', async () => {
    for (const [path, init] of [
      [PATH, {}],
      [PATH, { headers: { cookie: 'authjs.session-token=x' } }],
      [PATH, { method: 'POST', headers: bearer(token) }],
      [`${PATH}/more`, { headers: bearer(token) }],
      ['/api/v1/alerts', { headers: bearer(token) }],
    ] as const) {
      const res = await viaHotPath(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(299);
    }
  });
});
