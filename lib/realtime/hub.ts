import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { db } from '@/db/client';
import { sqlArray, sqlBigintArray } from '@/db/sql-arrays';
import { unreadCounts, type UnreadCount } from '@/lib/alerts/inbox';

export type InboxChange = 'new' | 'inbox' | 'state';
export type StreamCursor = { ts: string; id: number };
export type StreamAlert = { id: number; severity: string; title: string; status: string; alert_type: string; received_at: string };
export type NewAlert = StreamAlert & { cursor: StreamCursor };

/** One open SSE stream, as the hub sees it. */
export type Subscriber = {
  userId: number;
  cursor: StreamCursor;
  push: (update: { alerts: NewAlert[]; count: UnreadCount; kinds: Set<InboxChange> }) => void;
};

const FLUSH_MS = 10;

/**
 * One LISTEN connection per app instance. Notifications (from the triggers of drizzle/0003) are
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

  /** Push the current state to one stream now (on connect, or a reconnect replaying from a cursor). */
  async prime(sub: Subscriber, replay: boolean): Promise<void> {
    const [counts, fresh] = await Promise.all([unreadCounts(db, [sub.userId]), replay ? newAlerts([sub]) : new Map()]);
    sub.push({ alerts: fresh.get(sub.userId) ?? [], count: counts.get(sub.userId)!, kinds: new Set() });
  }

  private ensureListening() {
    if (this.listening) return;
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    const client = postgres(url, { max: 1, onnotice: () => {} });
    // postgres.js re-establishes the LISTEN after a dropped connection by itself
    this.listening = client.listen('ops_alerts', (payload) => this.receive(payload)).catch((err) => {
      console.error('[realtime] LISTEN failed', err);
      this.listening = null;
    });
  }

  private receive(payload: string) {
    let message: { k?: InboxChange; u?: number[] };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    for (const raw of message.u ?? []) {
      const userId = Number(raw);
      if (!this.subscribers.has(userId)) continue;
      let kinds = this.pending.get(userId);
      if (!kinds) this.pending.set(userId, (kinds = new Set()));
      kinds.add(message.k ?? 'inbox');
    }
    if (this.pending.size && !this.timer) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush() {
    const batch = this.pending;
    this.pending = new Map();
    this.timer = undefined;
    const subs = [...batch.keys()].flatMap((u) => [...(this.subscribers.get(u) ?? [])]);
    if (!subs.length) return;
    try {
      const [counts, fresh] = await Promise.all([
        unreadCounts(db, [...batch.keys()]),
        newAlerts(subs.filter((s) => batch.get(s.userId)!.has('new'))),
      ]);
      for (const sub of subs) {
        const alerts = (fresh.get(sub.userId) ?? []).filter((a) => after(a.cursor, sub.cursor));
        sub.push({ alerts, count: counts.get(sub.userId)!, kinds: batch.get(sub.userId)! });
      }
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

const after = (a: StreamCursor, b: StreamCursor) => a.ts > b.ts || (a.ts === b.ts && a.id > b.id);

/** Alerts that reached each viewer after the oldest cursor among their streams (≤ 50 each), oldest first. */
async function newAlerts(subs: Subscriber[]): Promise<Map<number, NewAlert[]>> {
  const out = new Map<number, NewAlert[]>();
  if (!subs.length) return out;
  const oldest = new Map<number, StreamCursor>();
  for (const s of subs) {
    const o = oldest.get(s.userId);
    if (!o || after(o, s.cursor)) oldest.set(s.userId, s.cursor);
  }
  const users = [...oldest.keys()];
  const rows = await db.execute<StreamAlert & { user_id: number; ts: string }>(sql`
    select c.user_id, x.* from unnest(${sqlBigintArray(users)},
                                      ${sqlArray(users.map((u) => oldest.get(u)!.ts), 'timestamptz')},
                                      ${sqlBigintArray(users.map((u) => oldest.get(u)!.id))}) as c(user_id, ts, alert_id)
    cross join lateral (
      select a.id, a.severity, a.title, a.status, a.alert_type, r.created_at as received_at,
             to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ts
        from alert_recipients r join alerts a on a.id = r.alert_id
       where r.user_id = c.user_id and (r.created_at, r.alert_id) > (c.ts, c.alert_id) and r.dismissed_at is null
       order by r.created_at, r.alert_id
       limit 50) x`);
  for (const { user_id, ts, ...alert } of rows) {
    const list = out.get(Number(user_id)) ?? [];
    list.push({ ...alert, cursor: { ts, id: alert.id } });
    out.set(Number(user_id), list);
  }
  return out;
}

const g = globalThis as unknown as { __opsAlertsHub?: InboxHub };
export const inboxHub = (g.__opsAlertsHub ??= new InboxHub());
