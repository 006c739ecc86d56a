import { beforeAll, describe, expect, it } from 'vitest';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { POST as eventsRoute } from '@/app/api/v1/events/route';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { db, type Db } from '@/db/client';
import { raiseAlert, raiseAlertSchema } from '@/lib/alerts/raise';
import { asViewer, createUser, tokenFor } from '@/test/fixtures';
import { sse, type Frame } from '@/test/sse';

const hasCount = (f: Frame[]) => f.some((x) => x.event === 'count');

const open = (token: string, lastEventId?: string, signal?: AbortSignal) =>
  streamRoute(
    new Request('http://localhost/api/v1/alerts/stream', {
      headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal,
    }),
    { params: Promise.resolve({}) },
  );
const ingest = (token: string, body: unknown) =>
  eventsRoute(new Request('http://localhost/api/v1/events', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), {
    params: Promise.resolve({}),
  });

let staff: Awaited<ReturnType<typeof createUser>>;
let staffToken: string;
let other: Awaited<ReturnType<typeof createUser>>;
let otherToken: string;
let ingestToken: string;
beforeAll(async () => {
  await seedDefaultRules(db);
  const admin = await createUser('admin');
  ingestToken = await tokenFor(admin.id, ['events.write']);
  staff = await createUser('staff');
  staffToken = await tokenFor(staff.id, ['alerts.read']);
  other = await createUser('staff');
  otherToken = await tokenFor(other.id, ['alerts.read']);
});

describe('GET /api/v1/alerts/stream', () => {
  it('needs authentication', async () => {
    const res = await streamRoute(new Request('http://localhost/api/v1/alerts/stream'), { params: Promise.resolve({}) });
    expect(res.status).toBe(401);
  });

  it("pushes a new alert and the new count to its recipient's stream, and nothing to others", async () => {
    const abort = new AbortController();
    const mineRes = await open(staffToken, undefined, abort.signal);
    expect(mineRes.headers.get('content-type')).toContain('text/event-stream');
    const mine = sse(mineRes);
    const theirs = sse(await open(otherToken, undefined, abort.signal));
    const initial = await mine.next(hasCount);
    expect(initial[0]).toMatchObject({ event: 'count', data: { unread_count: 0 } });
    await theirs.next(hasCount);

    const res = await ingest(ingestToken, {
      type: 'complaint.created',
      complaint: { reference: 'SSE-1', title: 'Boiler exploded', priority: 'critical', assignee_email: staff.email },
    });
    expect(res.status).toBe(200);
    const frames = await mine.next(hasCount);
    const alert = frames.find((f) => f.event === 'alert');
    expect(alert?.data).toMatchObject({ severity: 'critical', alert_type: 'critical_complaint' });
    expect(alert?.id).toBeUndefined();
    const count = frames.find((f) => f.event === 'count');
    expect(count?.data).toMatchObject({ unread_count: 1 });
    // the push's cursor: a PostgreSQL snapshot
    expect(count?.id).toMatch(/^\d+:\d+:[\d,]*$/);
    expect(await theirs.next((f) => f.length > 0, 500)).toEqual([]);
    abort.abort();
  });

  it('replays what was missed after Last-Event-ID, and ignores a cursor it did not make', async () => {
    const abort = new AbortController();
    const first = await sse(await open(staffToken, undefined, abort.signal)).next(hasCount);
    const cursor = first.find((f) => f.event === 'count')!.id!;
    abort.abort();

    await ingest(ingestToken, { type: 'complaint.created', complaint: { reference: 'SSE-2', title: 'Second', priority: 'critical', assignee_email: staff.email } });
    const again = new AbortController();
    const resumed = await sse(await open(staffToken, cursor, again.signal)).next(hasCount);
    const titles = resumed.filter((f) => f.event === 'alert').map((f) => (f.data as { title: string }).title);
    expect(titles).toHaveLength(1);
    expect(titles[0]).toContain('SSE-2');

    for (const bogus of ['1970-01-01T00:00:00.000000Z|1', '0:5:', '9:3:', '3:9:10', '3:9:5,4', '1:99999999999999999999:', 'x'.repeat(10_000)]) {
      const res = await open(staffToken, bogus, again.signal);
      expect(res.status).toBe(200);
      const frames = await sse(res).next(hasCount);
      expect(frames.filter((f) => f.event === 'alert')).toEqual([]);
      expect(frames.find((f) => f.event === 'count')?.id).toMatch(/^\d+:\d+:[\d,]*$/);
    }
    again.abort();
  });

  it('pushes an alert whose transaction commits after a later one was already pushed', async () => {
    const abort = new AbortController();
    const stream = sse(await open(otherToken, undefined, abort.signal));
    await stream.next(hasCount);
    const admin = asViewer(await createUser('admin'));
    const raise = (tx: Db, title: string) => raiseAlert(tx, admin, raiseAlertSchema.parse({ alert_type: 'ops.order', severity: 'critical', title, recipients: [`user:${other.id}`] }));

    // the early transaction delivers first and commits last
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let delivered!: () => void;
    const inserted = new Promise<void>((r) => (delivered = r));
    const early = db.transaction(async (tx) => {
      await raise(tx as unknown as Db, 'Begun first, committed last');
      delivered();
      await held;
    });
    await inserted;
    await raise(db, 'Begun second, committed first');
    const firstPush = await stream.next((f) => f.some((x) => x.event === 'alert'));
    expect(firstPush.filter((f) => f.event === 'alert').map((f) => (f.data as { title: string }).title)).toEqual(['Begun second, committed first']);

    release();
    await early;
    const secondPush = await stream.next((f) => f.some((x) => x.event === 'alert'));
    expect(secondPush.filter((f) => f.event === 'alert').map((f) => (f.data as { title: string }).title)).toEqual(['Begun first, committed last']);
    abort.abort();
  });
});
