import { finishAlertWrite } from './finish-write';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { alertRecipients, SEVERITIES, type Severity } from '@/db/schema';
import { notFound } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertCursorPage, AlertList, UnreadCount } from '@/lib/validation/alert-responses';
import { CURSOR_START, decodeCursor, encodeCursor, type AlertSelection, type ListAlertsQuery } from '@/lib/validation/alerts';
import { invalidInput, microsIso, resolveScope, selectionSql } from './query';
import { inboxColumns, toInboxAlert, type InboxRow } from './rows';

export type { AlertCursorPage, AlertList, InboxAlert, UnreadCount } from '@/lib/validation/alert-responses';

/** A selection plus paging: what the list and the history take. */
export type PagedSelection = AlertSelection & { page: number; page_size: number; cursor?: string };

/**
 * The viewer's inbox (or every alert, for an admin with scope=all), newest first, page-numbered
 * with a total: the seeds' list. Without a view it shows what is not dismissed.
 */
export async function listAlerts(db: Tx, viewer: Viewer, query: PagedSelection): Promise<AlertList> {
  const s = selectionSql(viewer, query, resolveScope(viewer, query.scope));
  const [rows, totals, unread] = await Promise.all([
    db.execute<InboxRow>(sql`
      select ${inboxColumns(s.keyTs)} from ${s.rowsFrom} where ${s.where}
       order by ${s.orderBy}
       limit ${query.page_size} offset ${(query.page - 1) * query.page_size}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n from ${s.countFromWhere}`),
    unreadCount(db, viewer),
  ]);
  const total = totals[0]?.n ?? 0;
  return {
    alerts: rows.map(toInboxAlert),
    total,
    page: query.page,
    page_size: query.page_size,
    total_pages: Math.ceil(total / query.page_size),
    unread_count: unread.unread_count,
  };
}

/**
 * Keyset paging for deep pages: rows strictly after the cursor's (created_at, id), no OFFSET and
 * no count — total, page and total_pages are null. Alerts arriving meanwhile are newer than any
 * cursor, so paging on neither repeats nor skips a row.
 */
export async function listAlertsByCursor(db: Tx, viewer: Viewer, query: PagedSelection & { cursor: string }): Promise<AlertCursorPage> {
  const scope = resolveScope(viewer, query.scope);
  const s = selectionSql(viewer, query, scope);
  const cursor = query.cursor === CURSOR_START ? null : decodeCursor(query.cursor);
  if (query.cursor !== CURSOR_START && (!cursor || cursor.scope !== scope)) throw invalidInput('cursor', 'The cursor belongs to another scope or is invalid');
  const after = cursor ? sql`and (${s.keyTs}, ${s.keyId}) < (${cursor.ts}::timestamptz, ${cursor.id}::bigint)` : sql``;
  const [rows, unread] = await Promise.all([
    db.execute<InboxRow & { sort_ts: string }>(sql`
      select ${inboxColumns(s.keyTs)}, ${microsIso(s.keyTs)} as sort_ts from ${s.rowsFrom}
       where ${s.where} ${after}
       order by ${s.orderBy}
       limit ${query.page_size + 1}`),
    unreadCount(db, viewer),
  ]);
  const page = rows.slice(0, query.page_size);
  const last = page[page.length - 1];
  return {
    alerts: page.map(toInboxAlert),
    total: null,
    page: null,
    page_size: query.page_size,
    total_pages: null,
    unread_count: unread.unread_count,
    next_cursor: rows.length > query.page_size && last ? encodeCursor({ scope, ts: last.sort_ts, id: last.id }) : null,
  };
}

/** GET /api/v1/alerts: page-numbered, or keyset when a cursor is given. */
export function listAlertsPage(db: Tx, viewer: Viewer, query: ListAlertsQuery): Promise<AlertList | AlertCursorPage> {
  const { cursor } = query;
  return cursor !== undefined ? listAlertsByCursor(db, viewer, { ...query, cursor }) : listAlerts(db, viewer, query);
}

/** Unread, undismissed alerts of the viewer that are still open, by severity: an index-only count over alert_recipients_unread_idx. */
export async function unreadCount(db: Tx, viewer: Viewer): Promise<UnreadCount> {
  return (await unreadCounts(db, [viewer.id])).get(viewer.id)!;
}

/**
 * One viewer's unread, undismissed inbox rows of open alerts by severity: an index-only scan of
 * alert_recipients_unread_idx, whose predicate this repeats. An alert that resolved before its
 * recipient saw it needs nobody any more, so it leaves the count.
 */
const unreadBySeverity = (userId: SQL) => sql`
  select severity, count(*)::int as n from alert_recipients
   where user_id = ${userId} and read_at is null and dismissed_at is null and alert_resolved_at is null group by 1`;

function zeroCount(): UnreadCount {
  return { unread_count: 0, by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number> };
}

function addCount(c: UnreadCount, severity: Severity, n: number) {
  c.by_severity[severity] = n;
  c.unread_count += n;
}

/** Unread counts by severity for many viewers at once (the live hub): one index-only pass over the unread partial index. */
export async function unreadCounts(db: Tx, userIds: number[]): Promise<Map<number, UnreadCount>> {
  if (!userIds.length) return new Map();
  const rows = await db.execute<{ user_id: number; severity: Severity; n: number }>(sql`
    select u.id as user_id, c.severity, c.n
      from unnest(${sqlBigintArray(userIds)}) as u(id) cross join lateral (${unreadBySeverity(sql`u.id`)}) c`);
  const out = new Map(userIds.map((id) => [id, zeroCount()]));
  for (const r of rows) addCount(out.get(Number(r.user_id))!, r.severity, r.n);
  return out;
}

type RecipientChange = Partial<Record<'readAt' | 'seenAt' | 'dismissedAt' | 'snoozedUntil', SQL | null>>;

// only the viewer's own row can match, so another user's alert is indistinguishable from a missing one
async function updateOwnRecipientRow(db: Tx, viewer: Viewer, alertId: number, change: RecipientChange): Promise<void> {
  const rows = await db
    .update(alertRecipients)
    .set(change)
    .where(and(eq(alertRecipients.userId, viewer.id), eq(alertRecipients.alertId, alertId)))
    .returning({ alertId: alertRecipients.alertId });
  if (rows.length === 0) throw notFound('Alert');
  await finishAlertWrite(db, { inbox_changed_user_ids: [viewer.id] });
}

/** Mark read; reading again keeps the first read time. */
export function markRead(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, {
    readAt: sql`coalesce(${alertRecipients.readAt}, now())`,
    seenAt: sql`coalesce(${alertRecipients.seenAt}, now())`,
  });
}

/** Unread again; this also ends a snooze (an unread alert is not snoozed). */
export function markUnread(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, { readAt: null, snoozedUntil: null });
}

/** Dismiss from the viewer's inbox only; the alert itself stays firing for everyone else. */
export function dismiss(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, { dismissedAt: sql`coalesce(${alertRecipients.dismissedAt}, now())` });
}

/** Back into the inbox, in the read state it had. */
export function undismiss(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, { dismissedAt: null });
}
