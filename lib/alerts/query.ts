import { sql, type SQL } from 'drizzle-orm';
import { ApiError } from '@/lib/api/problem';
import { allOf } from '@/db/sql-arrays';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertScope, AlertSelection } from '@/lib/validation/alerts';
import { ACKER_JOIN } from './rows';

/**
 * The SQL behind every filtered view of alerts (list, history, bulk, mark-all-read), in two scopes:
 *   inbox — the viewer's alert_recipients rows `r` joined to their alerts `a`, ordered by r.created_at;
 *   all   — every alert `a` (admins), left-joined to the viewer's own row `r`, ordered by a.created_at.
 * The per-viewer predicates read `r`, so in scope all an alert outside the admin's inbox counts as
 * not read, not dismissed, not snoozed.
 */
export type SelectionSql = {
  scope: AlertScope;
  /** FROM … for the rows (both tables, and who acknowledged each alert) */
  rowsFrom: SQL;
  /** FROM … WHERE … for a count or an id list, joining the other table only when a predicate needs it */
  countFromWhere: SQL;
  where: SQL;
  /** the keyset (created_at, id) of the scope, as column expressions */
  keyTs: SQL;
  keyId: SQL;
  /** newest first, in the exact order of the scope's index */
  orderBy: SQL;
};

// the inbox and alerts indexes were generated DESC NULLS LAST: a plain DESC (nulls first) would sort instead of walking them
const newestFirst = (ts: SQL, id: SQL) => sql`${ts} desc nulls last, ${id} desc nulls last`;

/** scope=all is for admins; anyone else asking for it is refused, not quietly narrowed. */
export function resolveScope(viewer: Viewer, scope: AlertScope | undefined): AlertScope {
  if (scope !== 'all') return 'inbox';
  if (viewer.role !== 'admin') throw new ApiError(403, 'Forbidden', 'scope=all is for admins');
  return 'all';
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function resourceOf(sel: AlertSelection): { type?: string; id?: string } {
  if (sel.resource) {
    const at = sel.resource.indexOf(':');
    return { type: sel.resource.slice(0, at), id: sel.resource.slice(at + 1) };
  }
  return { type: sel.resource_type, id: sel.resource_id };
}

export function selectionSql(viewer: Viewer, sel: AlertSelection, scope: AlertScope): SelectionSql {
  const inbox = scope === 'inbox';
  const recipient: SQL[] = [];
  const alert: SQL[] = [];
  const view = sel.view ?? 'all';

  if (view !== 'history' && view !== 'dismissed') recipient.push(sql`r.dismissed_at is null`);
  if (view === 'dismissed') recipient.push(sql`r.dismissed_at is not null`);
  // unread means what the bell counts: unread and still open (an alert resolved unseen needs nobody)
  if (view === 'unread' || sel.unread_only) recipient.push(sql`r.read_at is null and r.alert_resolved_at is null`);
  if (view === 'snoozed') recipient.push(sql`r.snoozed_until is not null`);
  if (view === 'acknowledged' || view === 'resolved') alert.push(sql`a.status = ${view}`);

  if (sel.status) alert.push(sql`a.status = ${sel.status}`);
  // the inbox row carries a copy of the severity, so this filter stays on the inbox index
  if (sel.severity) (inbox ? recipient : alert).push(inbox ? sql`r.severity = ${sel.severity}` : sql`a.severity = ${sel.severity}`);
  if (sel.alert_type) alert.push(sql`a.alert_type = ${sel.alert_type}`);
  if (sel.rule_id) alert.push(sql`a.rule_id = ${sel.rule_id}`);
  const resource = resourceOf(sel);
  if (resource.type) alert.push(sql`a.resource_type = ${resource.type}`);
  if (resource.id) alert.push(sql`a.resource_id = ${resource.id}`);
  if (sel.q) {
    const pattern = likePattern(sel.q);
    alert.push(sql`(a.title ilike ${pattern} escape '\\' or a.message ilike ${pattern} escape '\\')`);
  }
  const received = inbox ? sql`r.created_at` : sql`a.created_at`;
  if (sel.from) (inbox ? recipient : alert).push(sql`${received} >= ${sel.from}::timestamptz`);
  if (sel.to) (inbox ? recipient : alert).push(sql`${received} < ${sel.to}::timestamptz`);

  if (inbox) {
    const mine = sql`r.user_id = ${viewer.id}`;
    const where = allOf([mine, ...recipient, ...alert]);
    // a subquery rather than a join keeps an unfiltered count off the alerts table
    const alertExists = alert.length ? [sql`exists (select 1 from alerts a where a.id = r.alert_id and ${allOf(alert)})`] : [];
    return {
      scope,
      rowsFrom: sql`alert_recipients r join alerts a on a.id = r.alert_id ${ACKER_JOIN}`,
      countFromWhere: sql`alert_recipients r where ${allOf([mine, ...recipient, ...alertExists])}`,
      where,
      keyTs: sql`r.created_at`,
      keyId: sql`r.alert_id`,
      orderBy: newestFirst(sql`r.created_at`, sql`r.alert_id`),
    };
  }
  const joinMine = sql`left join alert_recipients r on r.alert_id = a.id and r.user_id = ${viewer.id}`;
  return {
    scope,
    rowsFrom: sql`alerts a ${joinMine} ${ACKER_JOIN}`,
    countFromWhere: recipient.length
      ? sql`alerts a ${joinMine} where ${allOf([...recipient, ...alert])}`
      : sql`alerts a where ${allOf(alert)}`,
    where: allOf([...recipient, ...alert]),
    keyTs: sql`a.created_at`,
    keyId: sql`a.id`,
    orderBy: newestFirst(sql`a.created_at`, sql`a.id`),
  };
}

/** A subquery of the selected alert ids (column `id`). */
export function selectedIds(s: SelectionSql): SQL {
  return sql`select ${s.keyId} as id from ${s.countFromWhere}`;
}

/** A timestamptz as text with all six fractional digits, for a cursor that loses nothing. */
export const microsIso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A 422 shaped like a schema error, for input only the database can judge (a cursor of another scope, an unknown type). */
export function invalidInput(path: string, message: string, code = 'custom'): ApiError {
  return new ApiError(422, 'Unprocessable Content', 'The request did not match the schema', { errors: [{ path, message, code }] });
}
