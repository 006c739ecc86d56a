import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { unreadCounts, type UnreadCount } from '@/lib/alerts/inbox';
import { MAX_TEAM_DEPTH } from '@/lib/alerts/visibility';
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
/** Who watches whom is read again at least this often (org-chart changes the admin screens did not announce). */
const WATCHING_TTL_MS = 60_000;

/**
 * Who the people with open streams watch: an admin everyone, anyone else the people below them
 * (users.manager_id, MAX_TEAM_DEPTH deep — the team of lib/alerts/visibility.ts). `of` maps a person
 * to the watchers above them.
 */
type Watching = { users: Set<number>; admins: number[]; of: Map<number, number[]>; at: number };
// how far back a look reaches: bounds the index range; a transaction that delivers alerts and
// commits later than this after it began would not be toasted (its count still is exact)
const LOOK_BACK = '15 minutes';

/**
 * One LISTEN (on the process's shared listening connection, lib/realtime/listen.ts) per app instance. Notifications (from the writers, lib/realtime/notify.ts) are
 * coalesced for a few ms, then ONE query counts unread for every affected viewer on this
 * instance and ONE query fetches their new alerts — not two queries per open stream — and
 * each stream gets its frames. A change made through any instance reaches every instance.
 */
class InboxHub {
  private subscribers = new Map<number, Set<Subscriber>>();
  private pending = new Map<number, Set<InboxChange>>();
  /** people whose inbox gained or whose alerts changed since the last flush: their watchers' team views moved */
  private watched = new Set<number>();
  private watching: Watching | null = null;
  private watchingStale = true;
  private loadingWatching: Promise<Watching> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listening: Promise<unknown> | null = null;

  subscribe(sub: Subscriber): () => void {
    this.ensureListening();
    if (!this.watching?.users.has(sub.userId)) this.watchingStale = true;
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
    let message: { k?: InboxChange | 'revoked' | 'people'; u?: number[] };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (message.k === 'people') {
      // the org chart changed (lib/admin/users.ts): who watches whom is read again at the next flush
      this.watchingStale = true;
      return;
    }
    if (message.k === 'revoked') {
      // deactivated, or signed out everywhere by a password change (db/legacy-migrations/0011): their streams end
      // now; a browser that still holds a valid session reconnects and is authenticated afresh
      for (const raw of message.u ?? []) for (const sub of [...(this.subscribers.get(Number(raw)) ?? [])]) sub.close();
      return;
    }
    const kind = message.k ?? 'inbox';
    for (const raw of message.u ?? []) {
      const userId = Number(raw);
      if (this.subscribers.has(userId)) this.note(userId, kind);
      // their watchers' team views moved: found at the flush (writers and triggers name only the people)
      if (kind === 'new' || kind === 'state' || kind === 'team') {
        this.watched.add(userId);
        this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
      }
    }
  }

  /** Who the people with open streams watch, read again when someone new connected, the org chart changed, or it is old. */
  private async currentWatching(): Promise<Watching> {
    if (this.watching && !this.watchingStale && Date.now() - this.watching.at < WATCHING_TTL_MS) return this.watching;
    this.loadingWatching ??= (async () => {
      this.watchingStale = false;
      try {
        return (this.watching = await loadWatching([...this.subscribers.keys()]));
      } catch (err) {
        this.watchingStale = true;
        throw err;
      } finally {
        this.loadingWatching = null;
      }
    })();
    return this.loadingWatching;
  }

  /** The team views the people of `watched` appear in: a `team` change for each of their watchers with an open stream. */
  private async noteWatchers(batch: Map<number, Set<InboxChange>>, watched: Set<number>): Promise<void> {
    if (!watched.size || !this.subscribers.size) return;
    const w = await this.currentWatching();
    const add = (userId: number) => {
      if (!this.subscribers.has(userId)) return;
      let kinds = batch.get(userId);
      if (!kinds) batch.set(userId, (kinds = new Set()));
      kinds.add('team');
    };
    for (const admin of w.admins) add(admin);
    for (const u of watched) for (const watcher of w.of.get(u) ?? []) add(watcher);
  }

  private note(userId: number, kind: InboxChange) {
    let kinds = this.pending.get(userId);
    if (!kinds) this.pending.set(userId, (kinds = new Set()));
    kinds.add(kind);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush() {
    const batch = this.pending;
    const watched = this.watched;
    this.pending = new Map();
    this.watched = new Set();
    this.timer = undefined;
    try {
      await this.noteWatchers(batch, watched);
    } catch (err) {
      console.error('[realtime] reading who watches whom failed', err);
    }
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

/** Who `userIds` watch (see Watching): one walk down the org chart from all of them at once. */
async function loadWatching(userIds: number[]): Promise<Watching> {
  const at = Date.now();
  const rows = userIds.length
    ? await db.execute<{ watcher: number; admin: boolean; members: number[] | null }>(sql`
        with recursive down(watcher, id, depth) as (
          select u.manager_id, u.id, 1 from users u where u.manager_id = any(${sqlBigintArray(userIds)})
          union
          select d.watcher, u.id, d.depth + 1 from down d join users u on u.manager_id = d.id where d.depth < ${MAX_TEAM_DEPTH}
        )
        select w.id as watcher, w.role = 'admin' as admin, (select array_agg(distinct d.id) from down d where d.watcher = w.id) as members
          from users w where w.id = any(${sqlBigintArray(userIds)}) and w.is_active`)
    : [];
  const of = new Map<number, number[]>();
  const admins: number[] = [];
  for (const r of rows) {
    const watcher = Number(r.watcher);
    if (r.admin) admins.push(watcher);
    for (const m of r.members ?? []) {
      const list = of.get(Number(m));
      if (list) list.push(watcher);
      else of.set(Number(m), [watcher]);
    }
  }
  return { users: new Set(userIds), admins, of, at };
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
