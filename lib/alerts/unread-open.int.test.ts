import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postResolve } from '@/app/api/v1/alerts/[id]/resolve/route';
import { PUT as putRead } from '@/app/api/v1/alerts/[id]/read/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import type { AlertList, UnreadCount } from '@/lib/validation/alert-responses';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { unreadCounts } from './inbox';
import { asViewer, call, raiseFor } from './testing/api';

/**
 * The bell counts what needs someone: unread, undismissed alerts that are still open. The count
 * reads a copy of the resolution time on the inbox rows (index-only); the truth it must equal is
 * the join to the alerts themselves.
 */
async function unreadOpenTruth(userId: number): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from alert_recipients r join alerts a on a.id = r.alert_id
     where r.user_id = ${userId} and r.read_at is null and r.dismissed_at is null and a.status <> 'resolved'`);
  return row!.n;
}

const bell = async (token: string) => ((await call(getCount, { token })).body as UnreadCount).unread_count;

let admin: Viewer;
beforeAll(async () => {
  await seedDefaultRules(db);
  admin = asViewer(await createUser('admin'));
});

describe('unread count = unread open alerts', () => {
  it('drops when an unread alert is resolved by someone else, and the list says it resolved unseen', async () => {
    const a = await createUser('staff');
    const b = await createUser('staff');
    const [tokenA, tokenB] = await Promise.all([tokenFor(a.id), tokenFor(b.id)]);
    const ids = [await raiseFor(admin, [a, b]), await raiseFor(admin, [a, b]), await raiseFor(admin, [a, b])];

    expect(await call(putRead, { method: 'PUT', path: `/api/v1/alerts/${ids[0]}/read`, token: tokenA, params: { id: String(ids[0]) } })).toMatchObject({ status: 204 });
    expect([await bell(tokenA), await bell(tokenB)]).toEqual([2, 3]);

    // B resolves the second alert: A had not read it, so it leaves A's count too
    expect((await call(postResolve, { method: 'POST', path: `/api/v1/alerts/${ids[1]}/resolve`, token: tokenB, params: { id: String(ids[1]) } })).status).toBe(200);
    expect([await bell(tokenA), await bell(tokenB)]).toEqual([1, 2]);
    for (const u of [a, b]) expect(await bell(u.id === a.id ? tokenA : tokenB)).toBe(await unreadOpenTruth(u.id));

    // the unread view agrees with the bell; the alert is still in A's inbox, unread and resolved
    const unreadView = (await call(getList, { path: '/api/v1/alerts?view=unread', token: tokenA })).body as AlertList;
    expect(unreadView.alerts.map((x) => x.id)).toEqual([ids[2]]);
    expect(unreadView.unread_count).toBe(1);
    const all = (await call(getList, { path: '/api/v1/alerts?view=all', token: tokenA })).body as AlertList;
    expect(all.alerts.find((x) => x.id === ids[1])).toMatchObject({ is_read: false, status: 'resolved' });
  });

  it('drops when the check finds the condition gone and resolves the alert by itself', async () => {
    const staff = await createUser('staff');
    const token = await tokenFor(staff.id);
    const complaint = await createComplaint({ assigneeId: staff.id, responseDueIn: -10, resolutionDueIn: 600 });
    await runCronJob(db, 'sla');
    const before = await bell(token);
    expect(before).toBeGreaterThan(0);
    expect(before).toBe(await unreadOpenTruth(staff.id));

    await db.execute(sql`update complaints set first_responded_at = now(), status = 'resolved', resolved_at = now() where id = ${complaint.id}`);
    await runCronJob(db, 'sla');
    const [resolved] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from alerts where resource_type = 'complaint' and resource_id = ${String(complaint.id)} and status = 'resolved'`);
    expect(resolved!.n).toBeGreaterThan(0);
    expect(await bell(token)).toBe(await unreadOpenTruth(staff.id));
    expect(await bell(token)).toBeLessThan(before);
  });

  it('matches the truth for many people at once (the live hub counts this way)', async () => {
    const people = await Promise.all([createUser('staff'), createUser('staff'), createUser('manager')]);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await raiseFor(admin, people.slice(0, 1 + (i % 3))));
    await db.execute(sql`update alerts set status = 'resolved', resolved_at = now() where id in (${ids[0]}, ${ids[3]}, ${ids[4]})`);
    const counts = await unreadCounts(db, people.map((p) => p.id));
    for (const p of people) expect(counts.get(p.id)!.unread_count).toBe(await unreadOpenTruth(p.id));
    expect(counts.get(people[0]!.id)!.unread_count).toBe(3);
  });
});
