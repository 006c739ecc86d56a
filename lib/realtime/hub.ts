import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { unreadCounts, type UnreadCount } from '@/lib/alerts/inbox';
import { listen } from './listen';

/**
 * new: alerts reached the viewer; inbox: their own read/dismiss/snooze state moved; state: an
 * alert they hold changed team-wide; team: an alert of someone they lead (or, for admins, anyone's)
 * changed, so the team view is stale.
 */
export type InboxChange = 'new' | 'inbox' | 'state' | 'team';
export type StreamAlert = { id: number; severity: string; title: string; status: string; alert_type: string; received_at: string };

/**
 * How far a stream has looked: the PostgreSQL snapshot (`xmin:xmax:xip,…`) of its last look. The
 * alerts that reached the viewer since are the inbox rows not visible in it, so one that commits
 * late, after others already sent, is still found: commit order, not row time, decides.
 */
export type StreamCursor = string;

/** One open SSE stream, as the hub sees it. `cursor` is null until the stream is primed. */
export type Subscriber = {
  userId: number;
  cursor: StreamCursor | null;
  /** count is null when only the team view changed: the viewer's own inbox did not move */
  push: (update: { alerts: StreamAlert[]; count: UnreadCount | null; kinds: Set<InboxChange> }) => void;
  /** ends the stream: the person's access ended or their sessions were invalidated */
  close: () => void;
};

const FLUSH_MS = 10;
// how far back a look reaches: bounds the index range; a transaction that delivers alerts and
// commits later than this after it began would not be toasted (its count still is exact)
const LOOK_BACK = '15 minutes';

/**
 * One LISTEN (on the process's shared listening connection, lib/realtime/listen.ts) per app instance. Notifications (from the triggers of db/legacy-migrations/0003) are
 * coalesced for a few ms, then ONE query counts unread for every affected viewer on this
 * instance and ONE query fetches their new alerts — not two queries per open stream — and
 * each stream gets its frames. A change made through any instance reaches every instance.
 */
class InboxHub {
  private subscribers = new Map<number, Set<Subscriber>>();
  private pending = new Map<number, Set<InboxChange>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listening: Promise<unknown> | null = null;

  subscribe(sub: Subscriber): () => void {
    this.ensureListening();
    let set = this.subscribers.get(sub.userId);
    if (!set) this.subscribers.set(sub.userId, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (!set.size) this.subscribers.delete(sub.userId);
    };
  }

  /**
   * Push the current state to one stream now: on connect, its count, and from then on what is
   * new; on a reconnect from a cursor (Last-Event-ID), also what reached the viewer meanwhile.
   */
  async prime(sub: Subscriber, resumeFrom: StreamCursor | null): Promise<void> {
    let alerts: StreamAlert[] = [];
    if (resumeFrom) {
      const look = await newAlerts([{ userId: sub.userId, cursor: resumeFrom }]);
      alerts = look.alerts[0]!;
      sub.cursor = look.cursors[0]!;
    } else {
      // the snapshot before the count: an alert that commits in between is counted and also sent
      sub.cursor = await currentSnapshot();
    }
    const counts = await unreadCounts(db, [sub.userId]);
    sub.push({ alerts, count: counts.get(sub.userId)!, kinds: new Set() });
  }

  private ensureListening() {
    if (this.listening) return;
    this.listening = listen('ops_alerts', (payload) => this.receive(payload)).catch((err: unknown) => {
      console.error('[realtime] LISTEN failed', err);
      this.listening = null;
    });
  }

  private receive(payload: string) {
    let message: { k?: InboxChange | 'revoked'; u?: number[] };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (message.k === 'revoked') {
      // deactivated, or signed out everywhere by a password change (db/legacy-migrations/0011): their streams end
      // now; a browser that still holds a valid session reconnects and is authenticated afresh
      for (const raw of message.u ?? []) for (const sub of [...(this.subscribers.get(Number(raw)) ?? [])]) sub.close();
      return;
    }
    for (const raw of message.u ?? []) {
      const userId = Number(raw);
      if (this.subscribers.has(userId)) this.note(userId, message.k ?? 'inbox');
    }
  }

  private note(userId: number, kind: InboxChange) {
    let kinds = this.pending.get(userId);
    if (!kinds) this.pending.set(userId, (kinds = new Set()));
    kinds.add(kind);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush() {
    const batch = this.pending;
    this.pending = new Map();
    this.timer = undefined;
    const subs = [...batch.keys()].flatMap((u) => [...(this.subscribers.get(u) ?? [])]);
    if (!subs.length) return;
    // a stream still priming looks later: its first look must come after its snapshot
    const looking = subs.filter((s) => batch.get(s.userId)!.has('new'));
    for (const sub of looking.filter((s) => s.cursor === null)) this.note(sub.userId, 'new');
    const primed = looking.filter((s) => s.cursor !== null);
    try {
      // a change to the team view alone leaves the viewer's own count as it was: no need to count
      const counting = [...batch.entries()].filter(([, kinds]) => kinds.size > 1 || !kinds.has('team')).map(([u]) => u);
      const [counts, look] = await Promise.all([unreadCounts(db, counting), newAlerts(primed as Look[])]);
      const fresh = new Map(primed.map((sub, i) => [sub, look.alerts[i]!]));
      primed.forEach((sub, i) => (sub.cursor = look.cursors[i]!));
      for (const sub of subs) sub.push({ alerts: fresh.get(sub) ?? [], count: counts.get(sub.userId) ?? null, kinds: batch.get(sub.userId)! });
    } catch (err) {
      console.error('[realtime] flush failed', err);
    }
  }

  get connections(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }
}

type Look = { userId: number; cursor: StreamCursor };

/**
 * For each look, the alerts that reached its viewer and were not visible in its snapshot (≤ 50,
 * oldest first). Looks that share a cursor (every stream a flush looked at took that flush's) are
 * answered by one statement each: one scan of the inbox index for all their viewers, not one
 * nested probe per viewer (1,000 viewers of one broadcast: 42 ms a look that way, 14 ms this way). Each
 * statement's own snapshot is the next cursor of the looks it answered.
 */
async function newAlerts(looks: Look[]): Promise<{ alerts: StreamAlert[][]; cursors: StreamCursor[] }> {
  const alerts = looks.map((): StreamAlert[] => []);
  const cursors: StreamCursor[] = looks.map((l) => l.cursor);
  const groups = new Map<StreamCursor, number[]>();
  looks.forEach((l, i) => {
    const g = groups.get(l.cursor);
    if (g) g.push(i);
    else groups.set(l.cursor, [i]);
  });
  await Promise.all(
    [...groups].map(async ([cursor, members]) => {
      const [row] = await db.execute<{ cursor: string; found: (StreamAlert & { user_id: number })[] }>(sql`
        select pg_current_snapshot()::text as cursor, coalesce((
          select json_agg(x order by x.user_id, x.received_at, x.id)
            from (
              select r.user_id, a.id, a.severity, a.title, a.status, a.alert_type,
                     to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at,
                     row_number() over (partition by r.user_id order by r.created_at, r.alert_id) as n
                from alert_recipients r join alerts a on a.id = r.alert_id
               where r.user_id = any(${sqlBigintArray(members.map((i) => looks[i]!.userId))})
                 and r.created_at > now() - ${LOOK_BACK}::interval and r.dismissed_at is null
                 and not pg_visible_in_snapshot(r.xact_id, ${cursor}::pg_snapshot)
            ) x where x.n <= 50), '[]') as found`);
      const byUser = new Map<number, StreamAlert[]>();
      for (const { user_id, ...alert } of row!.found) {
        const list = byUser.get(Number(user_id));
        if (list) list.push(alert);
        else byUser.set(Number(user_id), [alert]);
      }
      for (const i of members) {
        alerts[i] = byUser.get(looks[i]!.userId) ?? [];
        cursors[i] = row!.cursor;
      }
    }),
  );
  return { alerts, cursors };
}

async function currentSnapshot(): Promise<StreamCursor> {
  const [row] = await db.execute<{ cursor: string }>(sql`select pg_current_snapshot()::text as cursor`);
  return row!.cursor;
}

/**
 * A cursor from a client (Last-Event-ID) is used only if PostgreSQL would accept it as a snapshot:
 * xmin ≤ xmax, in-progress ids in order within [xmin, xmax), none zero. Anything else is ignored.
 */
export function parseStreamCursor(raw: string | null): StreamCursor | null {
  if (!raw || raw.length > 8192 || !/^\d{1,19}:\d{1,19}:(\d{1,19}(,\d{1,19})*)?$/.test(raw)) return null;
  const [xmin, xmax, xip] = raw.split(':') as [string, string, string];
  const lo = BigInt(xmin);
  const hi = BigInt(xmax);
  if (lo === 0n || hi < lo) return null;
  let last = lo;
  for (const x of xip ? xip.split(',').map(BigInt) : []) {
    if (x < last || x >= hi) return null;
    last = x;
  }
  return raw;
}

const g = globalThis as unknown as { __opsAlertsHub?: InboxHub };
export const inboxHub = (g.__opsAlertsHub ??= new InboxHub());
