import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postAcknowledge } from '@/app/api/v1/alerts/[id]/acknowledge/route';
import { PUT as putDismiss } from '@/app/api/v1/alerts/[id]/dismiss/route';
import { POST as postResolve } from '@/app/api/v1/alerts/[id]/resolve/route';
import { GET as getAlert } from '@/app/api/v1/alerts/[id]/route';
import { POST as postSnooze } from '@/app/api/v1/alerts/[id]/snooze/route';
import { PUT as putUndismiss } from '@/app/api/v1/alerts/[id]/undismiss/route';
import { PUT as putUnread } from '@/app/api/v1/alerts/[id]/unread/route';
import { POST as postBulk } from '@/app/api/v1/alerts/bulk/route';
import { POST as postMarkAllRead } from '@/app/api/v1/alerts/mark-all-read/route';
import { GET as getHistory } from '@/app/api/v1/alerts/history/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { db } from '@/db/client';
import { alertEvents, alertRecipients, alerts, auditLog, deliveries, users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import type { AlertDetail, AlertList, SnoozeResult, UnreadCount } from '@/lib/validation/alert-responses';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { wakeResolvedSnoozes } from './snooze';
import { asViewer, call, raiseFor, type Route } from './testing/api';

type U = Awaited<ReturnType<typeof createUser>>;
let admin: Viewer;
let adminToken: string;

beforeAll(async () => {
  const a = await createUser('admin', { name: 'Ada Admin' });
  admin = asViewer(a);
  adminToken = await tokenFor(a.id);
});

async function person(role: 'staff' | 'manager' = 'staff', name?: string) {
  const user = await createUser(role, name ? { name } : {});
  return { user, token: await tokenFor(user.id) };
}
const unread = async (token: string) => ((await call(getCount, { token })).body as UnreadCount).unread_count;
const act = (route: Route, id: number, token: string, body?: unknown, method = 'POST') =>
  call(route, { method, path: `/api/v1/alerts/${id}/x`, token, params: { id: String(id) }, body });
const row = async (userId: number, alertId: number) =>
  (await db.select().from(alertRecipients).where(and(eq(alertRecipients.userId, userId), eq(alertRecipients.alertId, alertId))))[0]!;

describe('snooze', () => {
  it('takes the alert out of the unread count until the deliver job wakes it', async () => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    await raiseFor(admin, [user]);
    expect(await unread(token)).toBe(2);

    const res = await act(postSnooze, id, token, { minutes: 30 });
    expect(res.status).toBe(200);
    const snoozed = res.body as SnoozeResult;
    expect(snoozed).toMatchObject({ id, is_read: true, snoozed_until_resolved: false });
    expect(Date.parse(snoozed.snoozed_until!) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(await unread(token)).toBe(1);

    // not due yet: the job leaves it alone
    await runCronJob(db, 'deliver');
    expect(await unread(token)).toBe(1);
    await db.update(alertRecipients).set({ snoozedUntil: new Date(Date.now() - 1000) }).where(and(eq(alertRecipients.userId, user.id), eq(alertRecipients.alertId, id)));
    const run = await runCronJob(db, 'deliver');
    expect(run?.counts.snoozes_ended).toBeGreaterThanOrEqual(1);
    expect(await unread(token)).toBe(2);
    expect(await row(user.id, id)).toMatchObject({ snoozedUntil: null, readAt: null });
  });

  it('accepts an absolute time, and marking unread ends the snooze', async () => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    const until = new Date(Date.now() + 2 * 3600_000).toISOString();
    expect((await act(postSnooze, id, token, { until })).body).toMatchObject({ snoozed_until: until });
    expect(await unread(token)).toBe(0);
    expect((await act(putUnread, id, token, undefined, 'PUT')).status).toBe(204);
    expect(await row(user.id, id)).toMatchObject({ snoozedUntil: null, readAt: null });
    expect(await unread(token)).toBe(1);
  });

  it('until resolved: the deliver job never wakes it; resolving does, for everyone but the resolver', async () => {
    const { user: a, token: tokenA } = await person();
    const { user: b, token: tokenB } = await person();
    const id = await raiseFor(admin, [a, b]);
    for (const t of [tokenA, tokenB]) {
      const res = await act(postSnooze, id, t, { until_resolved: true });
      expect(res.body).toMatchObject({ snoozed_until: null, snoozed_until_resolved: true });
    }
    await runCronJob(db, 'deliver');
    expect([await unread(tokenA), await unread(tokenB)]).toEqual([0, 0]);
    const detail = (await call(getAlert, { path: `/api/v1/alerts/${id}`, token: tokenA, params: { id: String(id) } })).body as AlertDetail;
    expect(detail).toMatchObject({ snoozed_until: null, snoozed_until_resolved: true, is_read: true });

    expect((await act(postResolve, id, tokenA)).status).toBe(200);
    expect(await row(a.id, id)).toMatchObject({ snoozedUntil: null });
    expect((await row(a.id, id)).readAt).toBeInstanceOf(Date);
    expect(await row(b.id, id)).toMatchObject({ snoozedUntil: null, readAt: null });
    // back unread for b ("resolved before you saw it"), but the bell counts open alerts only
    expect([await unread(tokenA), await unread(tokenB)]).toEqual([0, 0]);
    const list = (await call(getList, { path: '/api/v1/alerts?page_size=100', token: tokenB })).body as AlertList;
    expect(list.alerts.find((x) => x.id === id)).toMatchObject({ is_read: false, status: 'resolved' });
    // a resolved alert cannot be snoozed until it resolves
    expect((await act(postSnooze, id, tokenA, { until_resolved: true })).status).toBe(409);
  });

  it('until resolved ends for alerts resolved elsewhere (condition cleared, expiry) via wakeResolvedSnoozes', async () => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    await act(postSnooze, id, token, { until_resolved: true });
    await db.update(alerts).set({ status: 'resolved', resolvedAt: new Date(), resolutionReason: 'condition_cleared' }).where(eq(alerts.id, id));
    expect(await wakeResolvedSnoozes(db)).toBe(1);
    expect(await row(user.id, id)).toMatchObject({ snoozedUntil: null, readAt: null });
    expect(await wakeResolvedSnoozes(db)).toBe(0);
  });

  it.each([
    [{}, 422],
    [{ minutes: 0 }, 422],
    [{ minutes: 1.5 }, 422],
    [{ minutes: 30, until_resolved: true }, 422],
    [{ until: '2001-01-01T00:00:00Z' }, 422],
    [{ until: 'tomorrow' }, 422],
    [{ until: new Date(Date.now() + 400 * 86_400_000).toISOString() }, 422],
    [{ until_resolved: false }, 422],
    [{ minutes: 5, extra: 1 }, 422],
    ['{"minutes":', 400],
  ])('answers %j with %i', async (body, status) => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    const res = await act(postSnooze, id, token, body);
    expect(res.status).toBe(status);
    expect(res.contentType).toBe('application/problem+json');
  });
});

describe('acknowledge and resolve', () => {
  it('two concurrent acknowledges: one 200, one 409, one timeline event, one audit row', async () => {
    const { user: a, token: tokenA } = await person('staff', 'Alice');
    const { user: b, token: tokenB } = await person('staff', 'Bob');
    const id = await raiseFor(admin, [a, b]);
    const results = await Promise.all([act(postAcknowledge, id, tokenA, { note: 'mine' }), act(postAcknowledge, id, tokenB)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = results.find((r) => r.status === 200)!.body as AlertDetail;
    expect(won).toMatchObject({ id, status: 'acknowledged', acknowledged_by: { id: expect.any(Number), name: expect.stringMatching(/Alice|Bob/) } });
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({
      status: 409,
      detail: `Alert is already acknowledged by ${(won as { acknowledged_by: { name: string } }).acknowledged_by.name}`,
      alert_status: 'acknowledged',
      acknowledged_by: (won as { acknowledged_by: unknown }).acknowledged_by,
    });
    const events = await db.select().from(alertEvents).where(and(eq(alertEvents.alertId, id), eq(alertEvents.kind, 'acknowledged')));
    expect(events).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.targetId, String(id)), eq(auditLog.action, 'alert.acknowledged')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: 'token', targetType: 'alert' });
  });

  it('two concurrent resolves: one 200, one 409; acknowledging a resolved alert is a 409', async () => {
    const { user: a, token: tokenA } = await person();
    const id = await raiseFor(admin, [a]);
    const results = await Promise.all([act(postResolve, id, tokenA), act(postResolve, id, adminToken, { note: 'fixed the disk' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await act(postAcknowledge, id, tokenA)).status).toBe(409);
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, id));
    expect(alert).toMatchObject({ status: 'resolved', resolutionReason: 'manual' });
  });

  it('answers with the alert’s new state and its timeline, oldest first, with actor names', async () => {
    const { user, token } = await person('staff', 'Carol');
    const id = await raiseFor(admin, [user]);
    const acked = (await act(postAcknowledge, id, token, { note: 'looking' })).body as AlertDetail;
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledged_by: { id: user.id, name: 'Carol' }, resolved_at: null });
    const resolved = (await act(postResolve, id, token, { note: 'done' })).body as AlertDetail;
    expect(resolved).toMatchObject({ status: 'resolved', resolved_by: { id: user.id, name: 'Carol' }, resolution_reason: 'manual' });
    expect(resolved.timeline.map((e) => e.kind)).toEqual(['fired', 'acknowledged', 'resolved']);
    expect(resolved.timeline[0]!.actor).toBeNull();
    expect(resolved.timeline[1]).toMatchObject({ actor: { id: user.id, name: 'Carol' }, details: { note: 'looking' } });
    expect(resolved.timeline[2]!.details).toMatchObject({ reason: 'manual', note: 'done' });
    expect(resolved.timeline_truncated).toBe(false);
  });

  it.each([[{ note: '' }], [{ note: 5 }], [{ other: 'x' }], [[1]]])('refuses the body %j with 422', async (body) => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    expect((await act(postAcknowledge, id, token, body)).status).toBe(422);
  });
});

describe('detail', () => {
  it('shows deliveries without their targets, and the complaint in context', async () => {
    await seedDefaultRules(db);
    const { user, token } = await person('staff', 'Dana');
    const complaint = await createComplaint({ assigneeId: user.id, responseDueIn: -20, resolutionDueIn: 120, title: 'Cold soup', priority: 'high' });
    await runCronJob(db, 'sla');
    const [alert] = ((await call(getList, { token })).body as AlertList).alerts;
    expect(alert).toMatchObject({ resource_type: 'complaint', resource_id: String(complaint.id) });
    // the rule emails the assignee: the outbox row was written with the alert; add a sent Slack one
    await db.insert(deliveries).values([
      { alertId: alert!.id, channel: 'slack', kind: 'fired', target: 'https://hooks.slack.com/secret', status: 'sent', attempts: 1, sentAt: new Date(), idempotencyKey: `t-${alert!.id}-2` },
    ]);
    const detail = (await call(getAlert, { path: `/api/v1/alerts/${alert!.id}`, token, params: { id: String(alert!.id) } })).body as AlertDetail;
    expect(detail.rule_name).toBe('sla_breach_critical');
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', kind: 'fired', recipient: { id: user.id, name: 'Dana' }, status: 'pending', attempts: 0, last_error: null, sent_at: null }),
      expect.objectContaining({ channel: 'slack', kind: 'fired', recipient: null, status: 'sent', attempts: 1, sent_at: expect.any(String), next_attempt_at: null }),
    ]);
    expect(JSON.stringify(detail)).not.toContain('hooks.slack.com');
    expect(JSON.stringify(detail)).not.toContain(user.email);
    expect(detail.resource).toEqual({
      type: 'complaint',
      id: String(complaint.id),
      complaint: expect.objectContaining({
        reference: complaint.reference,
        title: 'Cold soup',
        priority: 'high',
        status: 'open',
        assignee: { id: user.id, name: 'Dana' },
        response_due_at: complaint.responseDueAt!.toISOString(),
        resolution_due_at: complaint.resolutionDueAt!.toISOString(),
      }),
    });
  });

  it('admins see any alert (not in their inbox); staff and managers who did not get it see a 404', async () => {
    const { user } = await person();
    const { token: otherToken } = await person();
    const { token: managerToken } = await person('manager');
    const id = await raiseFor(admin, [user]);
    const asAdmin = await call(getAlert, { path: `/api/v1/alerts/${id}`, token: adminToken, params: { id: String(id) } });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ id, in_inbox: false, resource: null });
    for (const t of [otherToken, managerToken]) expect((await call(getAlert, { path: '/x', token: t, params: { id: String(id) } })).status).toBe(404);
    expect((await call(getAlert, { path: '/x', token: adminToken, params: { id: '98765432' } })).status).toBe(404);
    expect((await call(getAlert, { path: '/x', token: adminToken, params: { id: 'abc' } })).status).toBe(422);
  });

  it('undismiss brings an alert back into the inbox', async () => {
    const { user, token } = await person();
    const id = await raiseFor(admin, [user]);
    await act(putDismiss, id, token, undefined, 'PUT');
    expect(((await call(getList, { token })).body as AlertList).total).toBe(0);
    expect((await act(putUndismiss, id, token, undefined, 'PUT')).status).toBe(204);
    expect(((await call(getList, { token })).body as AlertList).alerts.map((a) => a.id)).toEqual([id]);
  });
});

describe('bulk', () => {
  let a: U;
  let tokenA: string;
  let b: U;
  const bulk = (token: string, body: unknown) => call(postBulk, { method: 'POST', path: '/api/v1/alerts/bulk', token, body });

  beforeAll(async () => {
    ({ user: a, token: tokenA } = await person());
    ({ user: b } = await person());
  });

  it('by ids: acts on the viewer’s own rows and counts the rest as skipped', async () => {
    const mine = [await raiseFor(admin, [a]), await raiseFor(admin, [a]), await raiseFor(admin, [a, b])];
    const theirs = await raiseFor(admin, [b]);
    const res = await bulk(tokenA, { action: 'read', ids: [...mine, theirs, mine[0], 987654321] });
    expect(res.body).toEqual({ updated: 3, skipped: 2 });
    expect((await row(b.id, theirs)).readAt).toBeNull();
    expect((await row(b.id, mine[2]!)).readAt).toBeNull();
    expect(await bulk(tokenA, { action: 'read', ids: mine })).toMatchObject({ body: { updated: 0, skipped: 3 } });
    expect(await bulk(tokenA, { action: 'unread', ids: mine.slice(0, 2) })).toMatchObject({ body: { updated: 2, skipped: 0 } });
    expect(await bulk(tokenA, { action: 'dismiss', ids: mine })).toMatchObject({ body: { updated: 3, skipped: 0 } });
    expect(((await call(getList, { token: tokenA })).body as AlertList).total).toBe(0);
  });

  it('by ids: snoozes and undismisses the viewer’s rows; snooze needs its duration and only with that action', async () => {
    const mine = [await raiseFor(admin, [a]), await raiseFor(admin, [a])];
    const theirs = await raiseFor(admin, [b]);
    const res = await bulk(tokenA, { action: 'snooze', ids: [...mine, theirs], snooze: { minutes: 60 } });
    expect(res.body).toEqual({ updated: 2, skipped: 1 });
    for (const id of mine) {
      const r = await row(a.id, id);
      expect(r!.readAt).not.toBeNull();
      expect(r!.snoozedUntil!.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    }
    expect((await row(b.id, theirs))!.snoozedUntil).toBeNull();
    expect((await bulk(tokenA, { action: 'snooze', ids: mine })).status).toBe(422);
    expect((await bulk(tokenA, { action: 'read', ids: mine, snooze: { minutes: 5 } })).status).toBe(422);

    await bulk(tokenA, { action: 'dismiss', ids: mine });
    expect((await bulk(tokenA, { action: 'undismiss', ids: [...mine, theirs] })).body).toEqual({ updated: 2, skipped: 1 });
    for (const id of mine) expect((await row(a.id, id))!.dismissedAt).toBeNull();
  });

  it('by ids: unsnooze ends the viewer’s snoozes and keeps them read; resolve and snooze act on a selection in one request each', async () => {
    const mine = [await raiseFor(admin, [a]), await raiseFor(admin, [a]), await raiseFor(admin, [a])];
    const theirs = await raiseFor(admin, [b]);
    const before = await unread(tokenA);
    expect((await bulk(tokenA, { action: 'snooze', ids: mine, snooze: { until_resolved: true } })).body).toEqual({ updated: 3, skipped: 0 });
    expect(await unread(tokenA)).toBe(before - 3);
    const snoozedTab = (await call(getList, { path: '/api/v1/alerts?view=snoozed&page_size=100', token: tokenA })).body as AlertList;
    expect(snoozedTab.alerts.map((x) => x.id)).toEqual(expect.arrayContaining(mine));

    // "Undo": the first two end their snooze (they stay read), the third goes back to unread
    expect((await bulk(tokenA, { action: 'unsnooze', ids: [mine[0]!, mine[1]!, theirs] })).body).toEqual({ updated: 2, skipped: 1 });
    expect((await bulk(tokenA, { action: 'unread', ids: [mine[2]!] })).body).toEqual({ updated: 1, skipped: 0 });
    for (const id of mine) expect((await row(a.id, id))!.snoozedUntil).toBeNull();
    expect((await row(a.id, mine[0]!))!.readAt).not.toBeNull();
    expect((await row(a.id, mine[2]!))!.readAt).toBeNull();
    expect(await unread(tokenA)).toBe(before - 2);
    // nothing snoozed any more: a second unsnooze changes nothing
    expect((await bulk(tokenA, { action: 'unsnooze', ids: mine })).body).toEqual({ updated: 0, skipped: 3 });
    const after = (await call(getList, { path: '/api/v1/alerts?view=snoozed&page_size=100', token: tokenA })).body as AlertList;
    expect(after.alerts.map((x) => x.id)).not.toEqual(expect.arrayContaining([mine[0]]));

    // bulk resolve from the center: the viewer's open alerts; someone else's is skipped and stays firing
    expect((await bulk(tokenA, { action: 'resolve', ids: [...mine, theirs], note: 'fixed together' })).body).toEqual({ updated: 3, skipped: 1 });
    expect((await db.select().from(alerts).where(eq(alerts.id, theirs)))[0]!.status).toBe('firing');
    const resolved = await db.select().from(alerts).where(sql`${alerts.id} in (${sql.join(mine, sql`, `)})`);
    expect(resolved.map((x) => [x.status, x.resolvedBy, x.resolutionReason])).toEqual(mine.map(() => ['resolved', a.id, 'manual']));
    // whoever resolves has seen it: the one that was unread is read now, for them only
    expect((await row(a.id, mine[2]!))!.readAt).not.toBeNull();
    // resolved alerts leave the unread count, and a snooze until resolved is refused for them (skipped)
    expect(await unread(tokenA)).toBe(before - 3);
    expect((await bulk(tokenA, { action: 'snooze', ids: mine, snooze: { until_resolved: true } })).body).toEqual({ updated: 0, skipped: 3 });
    expect((await bulk(tokenA, { action: 'unsnooze', ids: mine, snooze: { minutes: 5 } })).status).toBe(422);
  });

  it('by ids: acknowledges only alerts the viewer receives (admins: any), with events and audit rows', async () => {
    const mine = [await raiseFor(admin, [a]), await raiseFor(admin, [a])];
    const theirs = await raiseFor(admin, [b]);
    expect((await bulk(tokenA, { action: 'acknowledge', ids: [...mine, theirs], note: 'batch' })).body).toEqual({ updated: 2, skipped: 1 });
    expect((await db.select().from(alerts).where(eq(alerts.id, theirs)))[0]!.status).toBe('firing');
    const events = await db.select().from(alertEvents).where(and(eq(alertEvents.kind, 'acknowledged'), sql`${alertEvents.alertId} in (${sql.join(mine, sql`, `)})`));
    expect(events).toHaveLength(2);
    expect(events[0]!.details).toMatchObject({ bulk: true, note: 'batch' });
    expect((await bulk(adminToken, { action: 'resolve', ids: [...mine, theirs] })).body).toEqual({ updated: 3, skipped: 0 });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, 'alert.resolved'), sql`${auditLog.targetId} in (${sql.join([...mine, theirs].map(String), sql`, `)})`));
    expect(audits).toHaveLength(3);
  });

  it('by filter: acts on what the list with that filter shows', async () => {
    const { user: c, token: tokenC } = await person();
    const critical = [await raiseFor(admin, [c], { severity: 'critical', alert_type: 'disk_full' }), await raiseFor(admin, [c], { severity: 'critical', alert_type: 'cpu_high' })];
    const warning = await raiseFor(admin, [c], { severity: 'warning', alert_type: 'disk_full' });
    expect((await bulk(tokenC, { action: 'read', filter: { severity: 'critical' } })).body).toEqual({ updated: 2, skipped: 0 });
    expect(await unread(tokenC)).toBe(1);
    expect((await bulk(tokenC, { action: 'resolve', filter: { alert_type: 'disk_full' } })).body).toEqual({ updated: 2, skipped: 0 });
    expect((await db.select().from(alerts).where(eq(alerts.id, critical[1]!)))[0]!.status).toBe('firing');
    expect((await db.select().from(alerts).where(eq(alerts.id, warning)))[0]!.status).toBe('resolved');
    // scope=all is the admins' way to act on alerts outside their inbox
    const elsewhere = await raiseFor(admin, [c], { alert_type: 'fleet_wide' });
    expect((await bulk(adminToken, { action: 'acknowledge', filter: { scope: 'all', alert_type: 'fleet_wide' } })).body).toEqual({ updated: 1, skipped: 0 });
    expect((await db.select().from(alerts).where(eq(alerts.id, elsewhere)))[0]!.status).toBe('acknowledged');
  });

  it.each([
    [{ action: 'read' }],
    [{ action: 'read', ids: [1], filter: {} }],
    [{ action: 'read', ids: [] }],
    [{ action: 'read', ids: Array.from({ length: 501 }, (_, i) => i + 1) }],
    [{ action: 'read', ids: [0] }],
    [{ action: 'read', ids: ['1'] }],
    [{ action: 'archive', ids: [1] }],
    [{ action: 'read', filter: { severty: 'info' } }],
    [{ action: 'read', filter: { scope: 'all' } }],
    [{ action: 'read', filter: { severity: 'fatal' } }],
  ])('refuses %j with 422', async (body) => {
    const res = await bulk(tokenA, body);
    expect(res.status).toBe(422);
    expect(res.contentType).toBe('application/problem+json');
  });
});

describe('who acknowledged, on every inbox row', () => {
  it('the list (pages and keyset), the history, scope=all and the detail name the acknowledger; open alerts carry null', async () => {
    const { user: viewer, token } = await person();
    const { user: ann, token: annToken } = await person('staff', 'Ann Acker');
    const { user: bob, token: bobToken } = await person('staff', 'Bob Acker');
    const [byAnn, byBob, open] = [await raiseFor(admin, [viewer, ann]), await raiseFor(admin, [viewer, bob]), await raiseFor(admin, [viewer])];
    expect((await act(postAcknowledge, byAnn, annToken)).status).toBe(200);
    expect((await act(postAcknowledge, byBob, bobToken)).status).toBe(200);
    // resolving later keeps who took it on
    expect((await act(postResolve, byBob, bobToken)).status).toBe(200);

    const expected = new Map([
      [byAnn, { id: ann.id, name: 'Ann Acker' }],
      [byBob, { id: bob.id, name: 'Bob Acker' }],
      [open, null],
    ]);
    const check = (rows: AlertList['alerts']) => {
      for (const [id, by] of expected) {
        const r = rows.find((x) => x.id === id)!;
        expect(r.acknowledged_by, `alert ${id}`).toEqual(by);
        expect(r.acknowledged_at === null, `alert ${id}`).toBe(by === null);
      }
    };
    check(((await call(getList, { path: '/api/v1/alerts?page_size=10', token })).body as AlertList).alerts);
    check(((await call(getList, { path: '/api/v1/alerts?cursor=start&page_size=10', token })).body as AlertList).alerts);
    check(((await call(getHistory, { path: '/api/v1/alerts/history?page_size=10', token })).body as AlertList).alerts);
    const all = (await call(getList, { path: '/api/v1/alerts?scope=all&page_size=100', token: adminToken })).body as AlertList;
    check(all.alerts.filter((x) => expected.has(x.id)));
    const detail = (await call(getAlert, { path: `/api/v1/alerts/${byBob}`, token, params: { id: String(byBob) } })).body as AlertDetail;
    expect(detail).toMatchObject({ acknowledged_by: { id: bob.id, name: 'Bob Acker' }, status: 'resolved' });

    // the acknowledger's account is deleted: the row stays, with nobody named
    await db.delete(users).where(eq(users.id, ann.id));
    const after = ((await call(getList, { path: '/api/v1/alerts?page_size=10', token })).body as AlertList).alerts.find((x) => x.id === byAnn)!;
    expect(after).toMatchObject({ status: 'acknowledged', acknowledged_by: null });
  });
});

describe('resolve reads it for the resolver', () => {
  it('by hand: the resolver’s row is read; the other recipients’ stay unread, resolved before they saw it', async () => {
    const { user: a, token: tokenA } = await person();
    const { user: b, token: tokenB } = await person();
    const id = await raiseFor(admin, [a, b]);
    expect((await act(postResolve, id, tokenA)).body).toMatchObject({ status: 'resolved', is_read: true });
    expect((await row(a.id, id)).readAt).toBeInstanceOf(Date);
    expect((await row(b.id, id)).readAt).toBeNull();
    const seenByB = ((await call(getList, { token: tokenB })).body as AlertList).alerts.find((x) => x.id === id);
    expect(seenByB).toMatchObject({ is_read: false, status: 'resolved' });
    expect(await unread(tokenB)).toBe(0);
  });
});

describe('mark-all-read', () => {
  it('marks every unread alert read, or those a filter selects', async () => {
    const { user, token } = await person();
    for (const severity of ['info', 'warning', 'warning', 'critical'] as const) await raiseFor(admin, [user], { severity });
    const markAll = (body?: unknown) => call(postMarkAllRead, { method: 'POST', path: '/api/v1/alerts/mark-all-read', token, body });
    expect((await markAll({ severity: 'warning' })).body).toEqual({ updated: 2 });
    expect(await unread(token)).toBe(2);
    expect((await markAll()).body).toEqual({ updated: 2 });
    expect(await unread(token)).toBe(0);
    expect((await markAll({})).body).toEqual({ updated: 0 });
    expect((await markAll({ scope: 'all' })).status).toBe(422);
    expect((await markAll({ page: 2 })).status).toBe(422);
    expect((await markAll('nope')).status).toBe(400);
  });
});
