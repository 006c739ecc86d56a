import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { GET as getMe } from '@/app/api/v1/me/route';
import { db } from '@/db/client';
import { asViewer, call, raiseFor } from '@/lib/alerts/testing/api';
import type { Viewer } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { dispatchDue } from '@/lib/delivery/dispatch';
import { createComplaint, createUser, TEST_PASSWORD, tokenFor } from '@/test/fixtures';
import { signInCookie, withSession } from '@/test/sessions';
import { sse } from '@/test/sse';
import { updateUser } from './users';

const ctx = { params: Promise.resolve({}) };
const hasCount = (f: { event: string }[]) => f.some((x) => x.event === 'count');

let admin: Viewer;
beforeAll(async () => {
  await seedDefaultRules(db);
  admin = asViewer(await createUser('admin'));
});

describe('deactivating a person', () => {
  it('ends their sessions, tokens and live streams at once, and their alerts go to their manager', async () => {
    const manager = await createUser('manager');
    const staff = await createUser('staff', { managerId: manager.id });
    const token = await tokenFor(staff.id, ['alerts.read']);
    const cookie = (await signInCookie(staff.email, TEST_PASSWORD))!;
    expect((await getMe(withSession(cookie, '/api/v1/me'), ctx)).status).toBe(200);
    expect((await call(getCount, { token })).status).toBe(200);

    // two open streams: one by session, one by token
    const abort = new AbortController();
    const bySession = sse(await streamRoute(new Request(withSession(cookie, '/api/v1/alerts/stream'), { signal: abort.signal }), ctx));
    const byToken = sse(await streamRoute(new Request('http://localhost/api/v1/alerts/stream', { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }), ctx));
    await Promise.all([bySession.next(hasCount), byToken.next(hasCount)]);
    // a delivery waiting for them
    const before = await raiseFor(admin, [staff]);
    await db.execute(sql`insert into deliveries (alert_id, kind, user_id, channel, target, idempotency_key)
                         values (${before}, 'fired', ${staff.id}, 'email', ${staff.email}, ${`deactivate-${staff.id}`})`);

    // an open alert of theirs, and one already resolved
    const openForThem = await raiseFor(admin, [staff]);
    const resolvedForThem = await raiseFor(admin, [staff]);
    await db.execute(sql`update alerts set status = 'resolved', resolved_at = now() where id = ${resolvedForThem}`);

    const started = Date.now();
    await updateUser(db, admin, staff.id, { active: false });
    // both streams end within 5 s
    await Promise.all([bySession.next(() => false, 5000), byToken.next(() => false, 5000)]);
    expect([bySession.ended, byToken.ended]).toEqual([true, true]);
    expect(Date.now() - started).toBeLessThan(5000);
    abort.abort();

    expect((await getMe(withSession(cookie, '/api/v1/me'), ctx)).status).toBe(401);
    expect((await call(getCount, { token })).status).toBe(401);
    expect(await signInCookie(staff.email, TEST_PASSWORD)).toBeNull();
    const [pending] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from deliveries where user_id = ${staff.id} and status in ('pending', 'failed', 'sending')`);
    expect(pending!.n).toBe(0);
    // a message queued for them by a transaction that raced the deactivation is not sent either
    await db.execute(sql`insert into deliveries (alert_id, kind, user_id, channel, target, idempotency_key)
                         values (${before}, 'refired', ${staff.id}, 'email', ${staff.email}, ${`deactivate-late-${staff.id}`})`);
    await dispatchDue(db);
    const [late] = await db.execute<{ status: string; last_error: string }>(sql`
      select status, last_error from deliveries where idempotency_key = ${`deactivate-late-${staff.id}`}`);
    expect(late).toEqual({ status: 'skipped', last_error: 'recipient deactivated' });

    // their open alerts are now in their manager's inbox too; the resolved one stays behind
    const handed = await db.execute<{ alert_id: number; reason: string }>(sql`
      select alert_id, reason from alert_recipients where user_id = ${manager.id} and alert_id in (${openForThem}, ${resolvedForThem}, ${before})`);
    expect(handed.map((r) => Number(r.alert_id)).sort()).toEqual([before, openForThem].sort());
    expect(handed.every((r) => r.reason === 'delegate')).toBe(true);

    // what would have reached them now reaches their manager: a check's alert about their complaint…
    const complaint = await createComplaint({ assigneeId: staff.id, responseDueIn: -20, priority: 'high' });
    await runCronJob(db, 'sla');
    const recipients = await db.execute<{ user_id: number; reason: string }>(sql`
      select r.user_id, r.reason from alert_recipients r join alerts a on a.id = r.alert_id
       where a.resource_type = 'complaint' and a.resource_id = ${String(complaint.id)}`);
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients.map((r) => Number(r.user_id))).not.toContain(staff.id);
    expect(recipients).toContainEqual({ user_id: manager.id, reason: 'delegate' });
    // …and an alert addressed to them by name
    const named = await raiseFor(admin, [staff]);
    const [row] = await db.execute<{ user_id: number; reason: string }>(sql`select user_id, reason from alert_recipients where alert_id = ${named}`);
    expect(row).toEqual({ user_id: manager.id, reason: 'delegate' });
  });
});
