import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { unreadCount } from '@/lib/alerts/inbox';
import type { Viewer } from '@/lib/auth/permissions';
import { inboxHub, type InboxChange } from './hub';

export type StreamAlert = { id: number; severity: string; title: string; status: string; alert_type: string; received_at: string };

const encoder = new TextEncoder();
const frame = (event: string, data: unknown, id?: string) =>
  encoder.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/** Alerts that reached the viewer after `cursor` (microseconds since the epoch), oldest first. */
async function alertsSince(db: Db, viewer: Viewer, cursor: number) {
  return db.execute<StreamAlert & { cursor: string }>(sql`
    select a.id, a.severity, a.title, a.status, a.alert_type, r.created_at as received_at,
           (extract(epoch from r.created_at) * 1000000)::bigint::text as cursor
      from alert_recipients r join alerts a on a.id = r.alert_id
     where r.user_id = ${viewer.id} and r.created_at > to_timestamp(${cursor}::float8 / 1000000)
       and r.dismissed_at is null
     order by r.created_at, r.alert_id
     limit 50`);
}

/**
 * The viewer's live inbox as Server-Sent Events: `count` (unread count, by severity) after every
 * change, `alert` for each alert that newly reached them (event id = its cursor, so a reconnect
 * with Last-Event-ID replays what was missed), and `changed` when read/ack/resolve state moved.
 */
export function inboxStream(db: Db, viewer: Viewer, lastEventId: string | null, signal: AbortSignal): ReadableStream<Uint8Array> {
  let cursor = /^\d{1,17}$/.test(lastEventId ?? '') ? Number(lastEventId) : Date.now() * 1000;
  const replay = lastEventId !== null;
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let pending: Set<InboxChange> = new Set();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const push = async (kinds: Set<InboxChange>) => {
        if (closed) return;
        try {
          if (kinds.has('new')) {
            for (const alert of await alertsSince(db, viewer, cursor)) {
              const { cursor: c, ...body } = alert;
              cursor = Math.max(cursor, Number(c));
              controller.enqueue(frame('alert', body, String(cursor)));
            }
          }
          if (kinds.has('inbox') || kinds.has('state')) controller.enqueue(frame('changed', { kinds: [...kinds] }));
          controller.enqueue(frame('count', await unreadCount(db, viewer)));
        } catch (err) {
          console.error('[realtime] stream push failed', err);
          close();
        }
      };
      controller.enqueue(encoder.encode('retry: 3000\n\n'));
      unsubscribe = inboxHub.subscribe(viewer.id, (kind) => {
        pending.add(kind);
        // a burst of changes becomes one push
        timer ??= setTimeout(() => {
          const kinds = pending;
          pending = new Set();
          timer = undefined;
          void push(kinds);
        }, 25);
      });
      heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': ping\n\n'));
      }, 25_000);
      signal.addEventListener('abort', close);
      await push(new Set(replay ? ['new'] : []));
    },
    cancel() {
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
}
