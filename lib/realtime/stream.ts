import type { Viewer } from '@/lib/auth/permissions';
import { inboxHub, type StreamCursor, type Subscriber } from './hub';

export type { StreamAlert } from './hub';

const encoder = new TextEncoder();
const frame = (event: string, data: unknown, id?: string) =>
  encoder.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([1-9]\d{0,15})$/;
const encodeCursor = (c: StreamCursor) => `${c.ts}|${c.id}`;
function decodeCursor(raw: string | null): StreamCursor | null {
  const m = raw ? CURSOR.exec(raw) : null;
  return m && !Number.isNaN(Date.parse(m[1]!)) ? { ts: m[1]!, id: Number(m[2]) } : null;
}
// a little before now: an alert committed just after connecting may carry a slightly earlier time
const nowCursor = (): StreamCursor => ({ ts: new Date(Date.now() - 2000).toISOString().replace('Z', '000Z'), id: 0 });

/**
 * The viewer's live inbox as Server-Sent Events: `count` (unread, by severity) after every change,
 * `alert` for each alert that newly reached them (event id = its cursor, so a reconnect with
 * Last-Event-ID replays what was missed), and `changed` when read/ack/resolve state moved.
 */
export function inboxStream(viewer: Viewer, lastEventId: string | null, signal: AbortSignal): ReadableStream<Uint8Array> {
  const resumeFrom = decodeCursor(lastEventId);
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const sub: Subscriber = {
        userId: viewer.id,
        cursor: resumeFrom ?? nowCursor(),
        push: ({ alerts, count, kinds }) => {
          if (closed) return;
          for (const { cursor, ...alert } of alerts) {
            sub.cursor = cursor;
            controller.enqueue(frame('alert', alert, encodeCursor(cursor)));
          }
          if (kinds.has('inbox') || kinds.has('state')) controller.enqueue(frame('changed', { kinds: [...kinds] }));
          controller.enqueue(frame('count', count));
        },
      };
      controller.enqueue(encoder.encode('retry: 3000\n\n'));
      unsubscribe = inboxHub.subscribe(sub);
      heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), 25_000);
      signal.addEventListener('abort', close);
      await inboxHub.prime(sub, resumeFrom !== null).catch((err) => {
        console.error('[realtime] stream start failed', err);
        close();
      });
    },
    cancel() {
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
}
