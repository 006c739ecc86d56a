import { sql } from 'drizzle-orm';
import type { AlertStatus, Severity } from '@/db/schema';
import type { InboxAlert } from '@/lib/validation/alert-responses';

/** Far-future snoozed_until meaning "until the alert resolves": the deliver job's `snoozed_until <= now()` never wakes it. */
export const SNOOZE_UNTIL_RESOLVED = new Date('9999-12-31T00:00:00.000Z');
export const SNOOZE_UNTIL_RESOLVED_SQL = sql`'9999-12-31T00:00:00Z'::timestamptz`;

/**
 * Columns of an inbox row over `a` (alerts), `r` (the viewer's alert_recipients row, possibly
 * null-extended) and `acker` (the user who acknowledged it: join it with ACKER_JOIN).
 */
export const inboxColumns = (listedAt = sql`coalesce(r.created_at, a.created_at)`) => sql`
  a.id, a.rule_id, a.alert_type, a.severity, a.title, a.message, a.resource_type, a.resource_id, a.status,
  a.occurrences, a.first_fired_at, a.last_fired_at, a.metadata, a.acknowledged_at, acker.id as acker_id, acker.name as acker_name,
  ${listedAt} as listed_at, r.read_at, r.dismissed_at, r.snoozed_until, (r.user_id is not null) as in_inbox`;

/** The one join inboxColumns needs besides `a` and `r`: a primary-key lookup per row shown, never per row scanned. */
export const ACKER_JOIN = sql`left join users acker on acker.id = a.acknowledged_by`;

export type InboxRow = {
  id: number;
  rule_id: number | null;
  alert_type: string;
  severity: Severity;
  title: string;
  message: string;
  resource_type: string | null;
  resource_id: string | null;
  status: AlertStatus;
  occurrences: number;
  first_fired_at: DbTime;
  last_fired_at: DbTime;
  metadata: Record<string, unknown>;
  acknowledged_at: DbTime | null;
  acker_id: number | null;
  acker_name: string | null;
  listed_at: DbTime;
  read_at: DbTime | null;
  dismissed_at: DbTime | null;
  snoozed_until: DbTime | null;
  in_inbox: boolean;
};

/** A timestamptz from a raw query: drizzle's postgres.js driver hands these over as text, not Date. */
export type DbTime = Date | string;
// the same parse drizzle applies to its timestamp columns
export const toDate = (t: DbTime) => (t instanceof Date ? t : new Date(t));
export const iso = (t: DbTime) => toDate(t).toISOString();
export const isoOrNull = (t: DbTime | null) => (t === null ? null : iso(t));

export function snoozeState(until: DbTime | null): { snoozed_until: string | null; snoozed_until_resolved: boolean } {
  const untilResolved = until !== null && toDate(until).getTime() >= SNOOZE_UNTIL_RESOLVED.getTime();
  return { snoozed_until: untilResolved ? null : isoOrNull(until), snoozed_until_resolved: untilResolved };
}

export function toInboxAlert(row: InboxRow): InboxAlert {
  return {
    id: row.id,
    rule_id: row.rule_id,
    alert_type: row.alert_type,
    severity: row.severity,
    title: row.title,
    message: row.message,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    status: row.status,
    occurrences: row.occurrences,
    first_fired_at: iso(row.first_fired_at),
    last_fired_at: iso(row.last_fired_at),
    created_at: iso(row.listed_at),
    is_read: row.read_at !== null,
    read_at: isoOrNull(row.read_at),
    is_dismissed: row.dismissed_at !== null,
    dismissed_at: isoOrNull(row.dismissed_at),
    ...snoozeState(row.snoozed_until),
    in_inbox: row.in_inbox,
    acknowledged_at: isoOrNull(row.acknowledged_at),
    acknowledged_by: row.acker_id !== null && row.acker_name !== null ? { id: Number(row.acker_id), name: row.acker_name } : null,
    metadata: row.metadata,
  };
}
