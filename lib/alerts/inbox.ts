import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRecipients, alerts, SEVERITIES, type AlertStatus, type Severity } from '@/db/schema';
import { notFound } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import type { ListAlertsQuery } from '@/lib/validation/alerts';

/** One alert as the viewer's inbox shows it: the team-wide alert plus this viewer's read/dismiss state. */
export type InboxAlert = {
  id: number;
  alert_type: string;
  severity: Severity;
  title: string;
  message: string;
  resource_type: string | null;
  resource_id: string | null;
  status: AlertStatus;
  occurrences: number;
  first_fired_at: string;
  last_fired_at: string;
  created_at: string;
  is_read: boolean;
  read_at: string | null;
  is_dismissed: boolean;
  dismissed_at: string | null;
  metadata: Record<string, unknown>;
};

export type AlertList = {
  alerts: InboxAlert[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
  unread_count: number;
};

export type UnreadCount = { unread_count: number; by_severity: Record<Severity, number> };

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** The viewer's inbox, newest first, without dismissed alerts; only rows addressed to the viewer exist here. */
export async function listAlerts(db: Tx, viewer: Viewer, query: ListAlertsQuery): Promise<AlertList> {
  const filters: (SQL | undefined)[] = [
    eq(alertRecipients.userId, viewer.id),
    isNull(alertRecipients.dismissedAt),
    query.unread_only ? isNull(alertRecipients.readAt) : undefined,
    // the recipient row carries a copy of the severity, so this filter stays on the inbox index
    query.severity ? eq(alertRecipients.severity, query.severity) : undefined,
    // a subquery rather than a join keeps the total count off the alerts table when unfiltered
    query.status
      ? sql`exists (select 1 from ${alerts} where ${alerts.id} = ${alertRecipients.alertId} and ${alerts.status} = ${query.status})`
      : undefined,
  ];
  const where = and(...filters);

  const [rows, totals, unread] = await Promise.all([
    db
      .select({
        id: alerts.id,
        alertType: alerts.alertType,
        severity: alerts.severity,
        title: alerts.title,
        message: alerts.message,
        resourceType: alerts.resourceType,
        resourceId: alerts.resourceId,
        status: alerts.status,
        occurrences: alerts.occurrences,
        firstFiredAt: alerts.firstFiredAt,
        lastFiredAt: alerts.lastFiredAt,
        receivedAt: alertRecipients.createdAt,
        readAt: alertRecipients.readAt,
        dismissedAt: alertRecipients.dismissedAt,
        metadata: alerts.metadata,
      })
      .from(alertRecipients)
      .innerJoin(alerts, eq(alerts.id, alertRecipients.alertId))
      .where(where)
      .orderBy(desc(alertRecipients.createdAt), desc(alertRecipients.alertId))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size),
    db.select({ total: count() }).from(alertRecipients).where(where),
    unreadCount(db, viewer),
  ]);

  const total = totals[0]?.total ?? 0;
  return {
    alerts: rows.map((row) => ({
      id: row.id,
      alert_type: row.alertType,
      severity: row.severity,
      title: row.title,
      message: row.message,
      resource_type: row.resourceType,
      resource_id: row.resourceId,
      status: row.status,
      occurrences: row.occurrences,
      first_fired_at: iso(row.firstFiredAt),
      last_fired_at: iso(row.lastFiredAt),
      // when it reached this inbox (an escalation can add a viewer later): the list is ordered by it
      created_at: iso(row.receivedAt),
      is_read: row.readAt !== null,
      read_at: isoOrNull(row.readAt),
      is_dismissed: row.dismissedAt !== null,
      dismissed_at: isoOrNull(row.dismissedAt),
      metadata: row.metadata,
    })),
    total,
    page: query.page,
    page_size: query.page_size,
    total_pages: Math.ceil(total / query.page_size),
    unread_count: unread.unread_count,
  };
}

/** Unread, undismissed alerts of the viewer by severity: an index-only count over alert_recipients_unread_idx. */
export async function unreadCount(db: Tx, viewer: Viewer): Promise<UnreadCount> {
  const rows = await db
    .select({ severity: alertRecipients.severity, n: count() })
    .from(alertRecipients)
    .where(and(eq(alertRecipients.userId, viewer.id), isNull(alertRecipients.readAt), isNull(alertRecipients.dismissedAt)))
    .groupBy(alertRecipients.severity);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const row of rows) bySeverity[row.severity] = row.n;
  return { unread_count: rows.reduce((sum, row) => sum + row.n, 0), by_severity: bySeverity };
}

type RecipientChange = Partial<Record<'readAt' | 'seenAt' | 'dismissedAt', SQL | null>>;

// only the viewer's own row can match, so another user's alert is indistinguishable from a missing one
async function updateOwnRecipientRow(db: Tx, viewer: Viewer, alertId: number, change: RecipientChange): Promise<void> {
  const rows = await db
    .update(alertRecipients)
    .set(change)
    .where(and(eq(alertRecipients.userId, viewer.id), eq(alertRecipients.alertId, alertId)))
    .returning({ alertId: alertRecipients.alertId });
  if (rows.length === 0) throw notFound('Alert');
}

/** Mark read; reading again keeps the first read time. */
export function markRead(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, {
    readAt: sql`coalesce(${alertRecipients.readAt}, now())`,
    seenAt: sql`coalesce(${alertRecipients.seenAt}, now())`,
  });
}

export function markUnread(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, { readAt: null });
}

/** Dismiss from the viewer's inbox only; the alert itself stays firing for everyone else. */
export function dismiss(db: Tx, viewer: Viewer, alertId: number): Promise<void> {
  return updateOwnRecipientRow(db, viewer, alertId, { dismissedAt: sql`coalesce(${alertRecipients.dismissedAt}, now())` });
}
