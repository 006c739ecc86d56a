import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { POST as postAcknowledge } from '@/app/api/v1/alerts/[id]/acknowledge/route';
import { PUT as putRead } from '@/app/api/v1/alerts/[id]/read/route';
import { POST as postSnooze } from '@/app/api/v1/alerts/[id]/snooze/route';
import { POST as postBulk } from '@/app/api/v1/alerts/bulk/route';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { call, raiseFor } from '@/lib/alerts/testing/api';
import { db } from '@/db/client';
import { JOBS } from '@/lib/cron/jobs';
import { asViewer, createUser, everyChannelRule, tokenFor } from '@/test/fixtures';
import { sse, type Frame } from '@/test/sse';

/**
 * The live streams hear every change the writers make, now that the writers (not triggers) send
 * them (lib/realtime/notify.ts): a person's own inbox changes ('inbox', with their new count), an
 * alert's state ('state', to each recipient), and an alert resolved by any writer leaves the unread
 * count (the resolution time copied onto its inbox rows, drizzle/0001).
 */
const open = (token: string, signal: AbortSignal) =>
  streamRoute(new Request('http://localhost/api/v1/alerts/stream', { headers: { authorization: `Bearer ${token}` }, signal }), { params: Promise.resolve({}) });
const countOf = (f: Frame[]) => (f.findLast((x) => x.event === 'count')?.data as { unread_count: number } | undefined)?.unread_count;
const changed = (kind: string) => (f: Frame[]) => f.some((x) => x.event === 'changed' && (x.data as { kinds: string[] }).kinds.includes(kind));
const hasCount = (f: Frame[]) => f.some((x) => x.event === 'count');

async function people() {
  const admin = await createUser('admin');
  const a = await createUser('staff');
  const b = await createUser('staff');
  return { admin, a, b, aToken: await tokenFor(a.id, ['alerts.read']), bToken: await tokenFor(b.id, ['alerts.read']) };
}

describe('live streams follow what the writers change', () => {
  it("reading, snoozing and a snooze's end tell the reader's own streams (inbox, with the count) and nobody else", async () => {
    const { admin, a, b, aToken, bToken } = await people();
    const alertId = await raiseFor(asViewer(admin), [a, b], { severity: 'critical' });
    const abort = new AbortController();
    const mine = sse(await open(aToken, abort.signal));
    const theirs = sse(await open(bToken, abort.signal));
    expect(countOf(await mine.next(hasCount))).toBe(1);
    expect(countOf(await theirs.next(hasCount))).toBe(1);

    const read = await call(putRead, { method: 'PUT', path: `/api/v1/alerts/${alertId}/read`, token: aToken, params: { id: String(alertId) } });
    expect(read.status).toBeLessThan(300);
    const afterRead = await mine.next((f) => changed('inbox')(f) && hasCount(f));
    expect(countOf(afterRead)).toBe(0);

    // unread again, then snoozed for a minute: the count goes 1, then 0
    await call(postBulk, { method: 'POST', path: '/api/v1/alerts/bulk', token: aToken, body: { action: 'unread', ids: [alertId] } });
    expect(countOf(await mine.next((f) => changed('inbox')(f) && countOf(f) === 1))).toBe(1);
    const snooze = await call(postSnooze, { method: 'POST', path: `/api/v1/alerts/${alertId}/snooze`, token: aToken, params: { id: String(alertId) }, body: { minutes: 1 } });
    expect(snooze.status).toBe(200);
    expect(countOf(await mine.next((f) => changed('inbox')(f) && hasCount(f)))).toBe(0);

    // the snooze ends (the deliver job's wake-up): back in the count, told live
    await db.execute(sql`update alert_recipients set snoozed_until = now() - interval '1 second' where alert_id = ${alertId} and user_id = ${a.id}`);
    await db.transaction((tx) => JOBS.deliver!.run(tx));
    expect(countOf(await mine.next((f) => changed('inbox')(f) && hasCount(f)))).toBe(1);

    // the other recipient heard none of it
    expect((await theirs.next(changed('inbox'), 300)).filter((x) => x.event === 'changed')).toEqual([]);
    abort.abort();
  });

  it('an acknowledgement tells every recipient (state); a resolution by a resolved event takes the alert out of their counts', async () => {
    const { admin, a, b, aToken, bToken } = await people();
    const ingestAs = asViewer(admin);
    const { fire } = await everyChannelRule({ recipients: [a, b], webhookUrl: 'http://127.0.0.1:9/unused', ingestAs });
    const alert = await fire(`Pump ${Math.random().toString(36).slice(2)}`);
    const abort = new AbortController();
    const mine = sse(await open(aToken, abort.signal));
    const theirs = sse(await open(bToken, abort.signal));
    expect(countOf(await mine.next(hasCount))).toBe(1);
    expect(countOf(await theirs.next(hasCount))).toBe(1);

    const ack = await call(postAcknowledge, { method: 'POST', path: `/api/v1/alerts/${alert.id}/acknowledge`, token: aToken, params: { id: String(alert.id) }, body: {} });
    expect(ack.status).toBe(200);
    // the one who acknowledged has read it; the other still has it unread, and hears the new state
    expect(countOf(await mine.next((f) => changed('state')(f) && hasCount(f)))).toBe(0);
    expect(countOf(await theirs.next((f) => changed('state')(f) && hasCount(f)))).toBe(1);

    // resolved by the system that raised it: out of everyone's unread count, told live
    const { ingestEvents } = await import('@/lib/events/ingest');
    const { eventSchema } = await import('@/lib/validation/events');
    await ingestEvents(db, ingestAs, [eventSchema.parse({ type: 'custom', event_type: (alert.metadata as { event_type: string }).event_type, title: alert.title, fingerprint: alert.title, status: 'resolved' })]);
    const resolved = await theirs.next((f) => changed('state')(f) && countOf(f) === 0);
    expect(countOf(resolved)).toBe(0);
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from alert_recipients where alert_id = ${alert.id} and alert_resolved_at is null`);
    expect(row!.n).toBe(0);
    abort.abort();
  });

  it('an alert resolved outside the app (an operator in psql) leaves the unread count too: the copy is a trigger no writer can skip', async () => {
    const { admin, a } = await people();
    const alertId = await raiseFor(asViewer(admin), [a]);
    const unread = async () =>
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from alert_recipients where user_id = ${a.id} and read_at is null and dismissed_at is null and alert_resolved_at is null`))[0]!.n;
    expect(await unread()).toBe(1);
    await db.execute(sql`update alerts set status = 'acknowledged' where id = ${alertId}`);
    expect(await unread()).toBe(1);
    await db.execute(sql`update alerts set status = 'resolved', resolved_at = now() where id = ${alertId}`);
    expect(await unread()).toBe(0);
  });
});
