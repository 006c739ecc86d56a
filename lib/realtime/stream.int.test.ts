import { beforeAll, describe, expect, it } from 'vitest';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { POST as eventsRoute } from '@/app/api/v1/events/route';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { db } from '@/db/client';
import { createUser, tokenFor } from '@/test/fixtures';

type Frame = { event: string; id?: string; data: unknown };

/** An SSE client over a response body: `next(until)` reads frames until `until` says stop or time runs out. */
function sse(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(until: (frames: Frame[]) => boolean, ms = 5000): Promise<Frame[]> {
      const frames: Frame[] = [];
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !until(frames)) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const f: Partial<Frame> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('id: ')) f.id = line.slice(4);
            else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6));
          }
          if (f.event) frames.push(f as Frame);
        }
      }
      return frames;
    },
  };
}
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
let otherToken: string;
let ingestToken: string;
beforeAll(async () => {
  await seedDefaultRules(db);
  const admin = await createUser('admin');
  ingestToken = await tokenFor(admin.id, ['events.write']);
  staff = await createUser('staff');
  staffToken = await tokenFor(staff.id, ['alerts.read']);
  otherToken = await tokenFor((await createUser('staff')).id, ['alerts.read']);
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
    expect(alert?.id).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d+$/);
    expect(frames.find((f) => f.event === 'count')?.data).toMatchObject({ unread_count: 1 });
    expect(await theirs.next((f) => f.length > 0, 500)).toEqual([]);
    abort.abort();
  });

  it('replays what was missed after Last-Event-ID', async () => {
    const abort = new AbortController();
    const replayed = await sse(await open(staffToken, '1970-01-01T00:00:00.000000Z|1', abort.signal)).next(hasCount);
    const alerts = replayed.filter((f) => f.event === 'alert');
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const last = alerts.at(-1)!.id!;

    await ingest(ingestToken, { type: 'complaint.created', complaint: { reference: 'SSE-2', title: 'Second', priority: 'critical', assignee_email: staff.email } });
    const resumed = await sse(await open(staffToken, last, abort.signal)).next(hasCount);
    const titles = resumed.filter((f) => f.event === 'alert').map((f) => (f.data as { title: string }).title);
    expect(titles).toHaveLength(1);
    expect(titles[0]).toContain('SSE-2');
    abort.abort();
  });
});
