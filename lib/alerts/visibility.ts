import { sql, type SQL } from 'drizzle-orm';
import { can, type Viewer } from '@/lib/auth/permissions';

/** How far down users.manager_id a lead's team reaches (the live hub's team walk, lib/realtime/hub.ts, uses the same bound). */
export const MAX_TEAM_DEPTH = 10;

/**
 * What a viewer may see of the alerts, by permission (ARCHITECTURE decision 13):
 *   none   — no alerts.read (a token without that scope sees nothing, whoever owns it);
 *   all    — alerts.manage sees every alert;
 *   people — what was sent to the viewer, and for a lead also what was sent to anyone below them
 *            (users.manager_id, transitively) or is about a complaint one of those people holds.
 * The org chart, not the role name, decides who someone leads: it is the chain the team
 * notifications follow too.
 */
export type AlertVisibility = 'none' | 'all' | 'people';

export function alertVisibility(viewer: Viewer): AlertVisibility {
  if (!can(viewer, 'alerts.read')) return 'none';
  return can(viewer, 'alerts.manage') ? 'all' : 'people';
}

/**
 * The viewer and everyone below them, with their distance (0: the viewer), as a SELECT of (id, depth).
 * UNION plus the depth bound keeps a cycle in manager_id from running away.
 */
export function teamSql(viewerId: number): SQL {
  return sql`with recursive team(id, depth) as (
      select ${viewerId}::bigint, 0
      union
      select u.id, t.depth + 1 from users u join team t on u.manager_id = t.id where t.depth < ${MAX_TEAM_DEPTH}
    ) select id, min(depth) as depth from team group by id`;
}

// one uncorrelated subquery each: PostgreSQL runs them once per statement (an InitPlan), whatever the rows
const peopleArray = (viewerId: number) => sql`(select array_agg(id) from (${teamSql(viewerId)}) p)::bigint[]`;
const reportsArray = (viewerId: number) => sql`(select array_agg(id) from (${teamSql(viewerId)}) p where depth > 0)::bigint[]`;

/** Checks key complaint alerts by id, events by reference: the complaint row an alert `a` is about, as a join condition on `c`. */
export function complaintOfAlertSql(a: SQL = sql`a`, c: SQL = sql`c`): SQL {
  return sql`${a}.resource_type = 'complaint'
    and (${c}.id = (case when ${a}.resource_id ~ '^[1-9][0-9]{0,17}$' then ${a}.resource_id::bigint end) or ${c}.reference = ${a}.resource_id)`;
}

export type VisibilityOptions = {
  /** the alias of the alert row in the caller's query (default `a`) */
  alert?: SQL;
  /**
   * the assignee of the alert's complaint, when the caller has joined it already (the team view
   * does, to group by complaint): saves a second look-up of the complaint per alert
   */
  complaintAssignee?: SQL;
  /** the caller reads open alerts only: skip inbox rows of resolved alerts (they carry alert_resolved_at) */
  openOnly?: boolean;
};

/**
 * A boolean SQL condition: may the viewer see the alert row `a` (an alias in the caller's query).
 * Use it inside any set-based statement (team view, detail, lifecycle, later search and bulk); per
 * alert it costs a probe of alert_recipients' primary key (hashed once for many rows) and of the
 * complaints' keys.
 */
export function visibleAlertSql(viewer: Viewer, opts: VisibilityOptions = {}): SQL {
  const a = opts.alert ?? sql`a`;
  switch (alertVisibility(viewer)) {
    case 'none':
      return sql`false`;
    case 'all':
      return sql`true`;
    case 'people': {
      const open = opts.openOnly ? sql` and vr.alert_resolved_at is null` : sql``;
      const received = sql`exists (select 1 from alert_recipients vr where vr.alert_id = ${a}.id and vr.user_id = any(${peopleArray(viewer.id)})${open})`;
      const aboutTheirComplaint = opts.complaintAssignee
        ? sql`${opts.complaintAssignee} = any(${reportsArray(viewer.id)})`
        : sql`(${a}.resource_type = 'complaint' and exists (
              select 1 from complaints vc where ${complaintOfAlertSql(a, sql`vc`)} and vc.assignee_id = any(${reportsArray(viewer.id)})))`;
      return sql`(${received} or ${aboutTheirComplaint})`;
    }
  }
}
