import type { Viewer } from '@/lib/auth/permissions';
import { inboxHub, parseStreamCursor, type Subscriber } from './hub';

export type { StreamAlert } from './hub';

const encoder = new TextEncoder();
const frame = (event: string, data: unknown, id?: string) => `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The viewer's live inbox as Server-Sent Events: `count` (unread, by severity) after every change,
 * `alert` for each alert that newly reached them, and `changed` when read/ack/resolve state moved.
 * Each `count` closes a push and carries the stream's cursor as its event id, so a reconnect with
 * Last-Event-ID replays the alerts that reached the viewer after the last whole push.
 */
export function inboxStream(viewer: Viewer, lastEventId: string | null, signal: AbortSignal): ReadableStream<Uint8Array> {
  const resumeFrom = parseStreamCursor(lastEventId);
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
        cursor: null,
        // one chunk per push, however many frames: each chunk costs the response stream a write
        push: ({ alerts, count, kinds }) => {
          if (closed) return;
          let text = '';
          for (const alert of alerts) text += frame('alert', alert);
          if (kinds.has('inbox') || kinds.has('state') || kinds.has('team')) text += frame('changed', { kinds: [...kinds] });
          if (count) text += frame('count', count, sub.cursor ?? undefined);
          if (text) controller.enqueue(encoder.encode(text));
        },
        close,
      };
      controller.enqueue(encoder.encode('retry: 3000\n\n'));
      unsubscribe = inboxHub.subscribe(sub);
      heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), 25_000);
      signal.addEventListener('abort', close);
      await inboxHub.prime(sub, resumeFrom).catch((err) => {
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
