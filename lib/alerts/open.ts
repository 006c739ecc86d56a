import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { allOf, sqlTextArray } from '@/db/sql-arrays';
import { SEVERITIES, type Role, type Severity } from '@/db/schema';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import {
  decodeOpenCursor,
  encodeOpenCursor,
  type OpenAlert,
  type OpenAlertGroup,
  type OpenAlertGroups,
  type OpenAlertsQuery,
} from '@/lib/validation/open-alerts';
import { invalidInput, microsIso } from './query';
import { resourceLabel } from './resource-label';
import { alertVisibility, teamSql, visibleAlertSql } from './visibility';

export type { OpenAlert, OpenAlertGroup, OpenAlertGroups } from '@/lib/validation/open-alerts';

// severities as numbers, worst highest: the group order and the cursor compare them
const RANK = sql`array_position(${sqlTextArray(SEVERITIES)}, a.severity::text)`;
const msIso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const AT_RISK = sql`interval '1 hour'`;

type GroupRow = {
  gtype: string;
  gid: string;
  worst: number;
  opened_key: string;
  opened_at: string;
  owner_id: number | null;
  owner_name: string | null;
  reference: string | null;
  complaint_title: string | null;
  response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
  sla_status: NonNullable<OpenAlertGroup['sla']>['status'] | null;
  user_name: string | null;
  first_title: string;
  alerts: OpenAlert[];
};

/**
 * The team view: every open (firing or acknowledged) alert the viewer may see (visibility.ts),
 * one group per affected resource — complaint alerts keyed by id or by reference land in one
 * group — worst severity first, then oldest. One statement: the visible open alerts are keyed
 * and grouped, the page of groups is cut by the keyset cursor, and only that page's alerts are
 * folded into JSON with their acknowledgers' names.
 *
 * Filters: `severity` is a minimum and, like `alert_type`, selects alerts (a group shows the
 * alerts that pass); `owner`/`unowned` select groups by the complaint's assignee.
 */
export async function listOpenAlertGroups(db: Tx, viewer: Viewer, query: OpenAlertsQuery): Promise<OpenAlertGroups> {
  requirePermission(viewer, 'alerts.read');
  const cursor = query.cursor === undefined ? null : decodeOpenCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) throw invalidInput('cursor', 'Invalid cursor');

  // checks key complaint alerts by id, events by reference: two plain index look-ups, the id first
  const complaintId = sql`coalesce(cid.id, cref.id)`;
  const assignee = sql`coalesce(cid.assignee_id, cref.assignee_id)`;
  // status <> 'resolved' is the predicate of the alerts' open partial indexes
  const alertWhere: SQL[] = [sql`a.status <> 'resolved'`, visibleAlertSql(viewer, { complaintAssignee: assignee, openOnly: true })];
  if (query.severity) alertWhere.push(sql`a.severity = any(${sqlTextArray(SEVERITIES.slice(SEVERITIES.indexOf(query.severity)))})`);
  if (query.alert_type) alertWhere.push(sql`a.alert_type = ${query.alert_type}`);

  const groupWhere: SQL[] = [];
  if (query.owner !== undefined) groupWhere.push(sql`g.owner_id = ${query.owner}::bigint`);
  if (query.unowned) groupWhere.push(sql`g.owner_id is null`);
  if (cursor) {
    groupWhere.push(sql`(g.worst < ${cursor.worst}::int or (g.worst = ${cursor.worst}::int
      and (g.opened_at, g.gtype, g.gid) > (${cursor.opened}::timestamptz, ${cursor.type}::text, ${cursor.id}::text)))`);
  }
  // the same order, and the same columns, as the cursor compares
  const order = (t: SQL) => sql`${t}.worst desc, ${t}.opened_at, ${t}.gtype, ${t}.gid`;

  const rows = await db.execute<GroupRow>(sql`
    with keyed as (
      select a.id, a.first_fired_at, ${RANK} as rank, ${complaintId} as complaint_id, ${assignee} as owner_id,
             case when a.resource_type is null then 'alert' else a.resource_type end as gtype,
             case when a.resource_type is null then a.id::text
                  when ${complaintId} is not null then ${complaintId}::text
                  else coalesce(a.resource_id, '') end as gid
        from alerts a
        left join complaints cid on a.resource_type = 'complaint'
                                and cid.id = (case when a.resource_id ~ '^[1-9][0-9]{0,17}$' then a.resource_id::bigint end)
        left join complaints cref on a.resource_type = 'complaint' and cid.id is null and cref.reference = a.resource_id
       where ${allOf(alertWhere)}
    ), groups as (
      -- one complaint per group, so one owner
      select gtype, gid, max(rank) as worst, min(first_fired_at) as opened_at, max(complaint_id) as complaint_id, max(owner_id) as owner_id
        from keyed group by gtype, gid
    ), page as (
      select g.gtype, g.gid, g.worst, g.opened_at, g.complaint_id, g.owner_id
        from groups g
       where ${allOf(groupWhere)}
       order by ${order(sql`g`)}
       limit ${query.page_size + 1}
    ), folded as (
      select k.gtype, k.gid,
             json_agg(json_build_object(
               'id', a.id, 'severity', a.severity, 'title', a.title, 'alert_type', a.alert_type, 'status', a.status,
               'first_fired_at', ${msIso(sql`a.first_fired_at`)}, 'last_fired_at', ${msIso(sql`a.last_fired_at`)},
               'occurrences', a.occurrences, 'escalation_level', a.escalation_level,
               'acknowledged_by', case when ack.id is not null then json_build_object('id', ack.id, 'name', ack.name) end,
               'acknowledged_at', ${msIso(sql`a.acknowledged_at`)})
               order by k.rank desc, a.first_fired_at, a.id) as alerts,
             (array_agg(a.title order by a.id))[1] as first_title
        from keyed k
        join page p on p.gtype = k.gtype and p.gid = k.gid
        join alerts a on a.id = k.id
        left join users ack on ack.id = a.acknowledged_by
       group by k.gtype, k.gid
    )
    select p.gtype, p.gid, p.worst, ${microsIso(sql`p.opened_at`)} as opened_key, ${msIso(sql`p.opened_at`)} as opened_at,
           o.id as owner_id, o.name as owner_name,
           c.reference, c.title as complaint_title,
           ${msIso(sql`c.response_due_at`)} as response_due_at, ${msIso(sql`c.resolution_due_at`)} as resolution_due_at,
           ${msIso(sql`c.first_responded_at`)} as first_responded_at,
           case when c.id is null then null
                when c.status in ('resolved', 'closed') then 'met'
                when (c.first_responded_at is null and c.response_due_at < now())
                  or (c.resolved_at is null and c.resolution_due_at < now()) then 'breached'
                when (c.first_responded_at is null and c.response_due_at < now() + ${AT_RISK})
                  or (c.resolved_at is null and c.resolution_due_at < now() + ${AT_RISK}) then 'at_risk'
                when (c.first_responded_at is null and c.response_due_at is not null)
                  or (c.resolved_at is null and c.resolution_due_at is not null) then 'on_track'
                when c.response_due_at is null and c.resolution_due_at is null then 'none'
                else 'met' end as sla_status,
           ru.name as user_name, f.first_title, f.alerts
      from page p
      join folded f on f.gtype = p.gtype and f.gid = p.gid
      left join users o on o.id = p.owner_id
      left join complaints c on c.id = p.complaint_id
      left join users ru on p.gtype = 'user'
                        and ru.id = (case when p.gid ~ '^[1-9][0-9]{0,17}$' then p.gid::bigint end)
     order by ${order(sql`p`)}`);

  const page = rows.slice(0, query.page_size);
  const last = page[page.length - 1];
  return {
    groups: page.map(toGroup),
    next_cursor:
      rows.length > query.page_size && last ? encodeOpenCursor({ worst: last.worst, opened: last.opened_key, type: last.gtype, id: last.gid }) : null,
  };
}

function toGroup(r: GroupRow): OpenAlertGroup {
  return {
    resource: {
      type: r.gtype,
      id: r.gid,
      label: resourceLabel({ type: r.gtype, id: r.gid, reference: r.reference, title: r.complaint_title, userName: r.user_name, alertTitle: r.first_title }),
    },
    worst_severity: SEVERITIES[r.worst - 1] as Severity,
    opened_at: r.opened_at,
    owner: r.owner_id !== null && r.owner_name !== null ? { id: Number(r.owner_id), name: r.owner_name } : null,
    sla:
      r.sla_status === null
        ? null
        : { response_due_at: r.response_due_at, resolution_due_at: r.resolution_due_at, first_responded_at: r.first_responded_at, status: r.sla_status },
    alerts: r.alerts,
  };
}

export type TeamPerson = { id: number; name: string };
/** One person of the viewer's team, as both the owner filter and the assign menu need them. */
export type TeamMember = TeamPerson & { role: Role; is_active: boolean };
const MAX_PEOPLE = 500;

/**
 * The viewer and everyone below them (nearest first, deactivated people too: they may still own
 * complaints), or every active person for alerts.manage, the viewer first: one query that the
 * owner filter (teamPeople) and the assign menu (assignablePeople) both read.
 */
export async function teamMembers(db: Tx, viewer: Viewer): Promise<TeamMember[]> {
  const visibility = alertVisibility(viewer);
  if (visibility === 'none') return [];
  const rows = await db.execute<TeamMember>(
    visibility === 'all'
      ? sql`select id, name, role, is_active from users where is_active order by (id = ${viewer.id}) desc, name, id limit ${MAX_PEOPLE}`
      : sql`select u.id, u.name, u.role, u.is_active from (${teamSql(viewer.id)}) t join users u on u.id = t.id order by t.depth, u.name, u.id limit ${MAX_PEOPLE}`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role, is_active: r.is_active }));
}

/** The owner filter's choices: the team as teamMembers gives it. */
export const toTeamPeople = (members: TeamMember[]): TeamPerson[] => members.map(({ id, name }) => ({ id, name }));

/** The people whose alerts the viewer sees as theirs — the owner filter's choices. */
export async function teamPeople(db: Tx, viewer: Viewer): Promise<TeamPerson[]> {
  return toTeamPeople(await teamMembers(db, viewer));
}
