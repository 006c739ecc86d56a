import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getSummary } from '@/app/api/v1/alerts/summary/route';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertSummary } from '@/lib/validation/alert-responses';
import { createUser, tokenFor } from '@/test/fixtures';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { asViewer, call, raiseFor } from './testing/api';

const summary = async (token: string, qs = '') => {
  const res = await call(getSummary, { path: `/api/v1/alerts/summary?${qs}`, token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AlertSummary;
};

let admin: Viewer;
let adminToken: string;
let user: Awaited<ReturnType<typeof createUser>>;
let token: string;

beforeAll(async () => {
  const a = await createUser('admin');
  admin = asViewer(a);
  user = await createUser('staff');
  [adminToken, token] = await Promise.all([tokenFor(a.id), tokenFor(user.id)]);
  const v = asViewer(user);
  const ids = [
    await raiseFor(admin, [user], { alert_type: 'disk_full', severity: 'critical' }),
    await raiseFor(admin, [user], { alert_type: 'disk_full', severity: 'warning' }),
    await raiseFor(admin, [user], { alert_type: 'cpu_high', severity: 'warning' }),
    await raiseFor(admin, [user], { alert_type: 'cpu_high', severity: 'info' }),
    await raiseFor(admin, [user], { alert_type: 'old_news', severity: 'error' }),
  ];
  await acknowledgeAlert(db, v, ids[1]!);
  await resolveAlert(db, v, ids[2]!);
  // dismissed still counts: the summary is about what reached the inbox
  await db.execute(sql`update alert_recipients set dismissed_at = now() where user_id = ${user.id} and alert_id = ${ids[3]!}`);
  // received ten days ago: outside the default 7-day window
  await db.execute(sql`update alert_recipients set created_at = now() - interval '10 days' where user_id = ${user.id} and alert_id = ${ids[4]!}`);
  // someone else's alert: only scope=all sees it
  await raiseFor(admin, [await createUser('staff')], { alert_type: 'elsewhere', severity: 'info' });
});

describe('GET /api/v1/alerts/summary', () => {
  it('counts the viewer’s inbox of the last 7 days by status, severity and type', async () => {
    const s = await summary(token);
    expect(s).toMatchObject({
      scope: 'inbox',
      total: 4,
      by_status: { firing: 2, acknowledged: 1, resolved: 1 },
      by_severity: { info: 1, warning: 2, error: 0, critical: 1 },
      by_alert_type: { disk_full: 2, cpu_high: 2 },
    });
    expect(Date.parse(s.to) - Date.parse(s.from)).toBe(7 * 86_400_000);
  });

  it('takes a from/to window', async () => {
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const wide = await summary(token, `from=${encodeURIComponent(from)}`);
    expect(wide).toMatchObject({ total: 5, by_alert_type: { old_news: 1 }, by_severity: { error: 1 } });
    const past = await summary(token, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() - 5 * 86_400_000).toISOString())}`);
    expect(past).toMatchObject({ total: 1, by_alert_type: { old_news: 1 } });
    const empty = await summary(token, 'from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z');
    expect(empty).toEqual({ ...empty, total: 0, by_alert_type: {}, by_status: { firing: 0, acknowledged: 0, resolved: 0 } });
  });

  it('scope=all counts every alert created in the window, for admins', async () => {
    const s = await summary(adminToken, 'scope=all');
    expect(s.scope).toBe('all');
    expect(s.by_alert_type).toMatchObject({ disk_full: 2, cpu_high: 2, old_news: 1, elsewhere: 1 });
    expect(s.total).toBe(6);
    expect((await call(getSummary, { path: '/api/v1/alerts/summary?scope=all', token })).status).toBe(403);
  });

  it.each(['from=2021-01-02T00:00:00Z&to=2021-01-01T00:00:00Z', 'from=2001-01-01T00:00:00Z', 'from=x', 'scope=team'])('answers 422 for %s', async (qs) => {
    expect((await call(getSummary, { path: `/api/v1/alerts/summary?${qs}`, token })).status).toBe(422);
  });
});
