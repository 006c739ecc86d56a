import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { DELIVERY_STATUSES } from '@/db/schema';
import { notFound } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertDetail, ComplaintContext } from '@/lib/validation/alert-responses';
import { PROMETHEUS_EVENT_TYPE } from '@/lib/integrations/prometheus';
import { visibleAlertSql } from './visibility';
import { ACKER_JOIN, inboxColumns, iso, isoOrNull, toInboxAlert, type DbTime, type InboxRow } from './rows';

const TIMELINE_LIMIT = 200;
const DELIVERY_LIMIT = 200;

type UserRef = { id: number; name: string } | null;
const userRef = (id: number | null, name: string | null): UserRef => (id !== null && name !== null ? { id, name } : null);

type DetailRow = InboxRow & {
  rule_name: string | null;
  resolved_at: DbTime | null;
  res_id: number | null;
  res_name: string | null;
  resolution_reason: string | null;
  escalation_level: number;
  expires_at: DbTime | null;
};

const stringMap = (v: unknown): Record<string, string> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : null;

/** What an alert from Prometheus, Alertmanager or Grafana carries besides the title: labels, annotations, where it came from. */
function signalOf(metadata: Record<string, unknown>) {
  const attrs = metadata.event_type === PROMETHEUS_EVENT_TYPE ? ((metadata.attributes ?? {}) as Record<string, unknown>) : null;
  return {
    labels: attrs ? stringMap(attrs.labels) : null,
    annotations: attrs ? stringMap(attrs.annotations) : null,
    generator_url: typeof attrs?.generator_url === 'string' && attrs.generator_url ? attrs.generator_url : null,
    source: typeof attrs?.source === 'string' ? attrs.source : null,
  };
}

/**
 * One alert as the viewer sees it: their inbox state, the team-wide lifecycle, the timeline
 * (actor names), the deliveries and, for a complaint, the complaint in context. Whoever may see
 * it (visibility.ts: recipients, their leads, alerts.manage); anyone else gets 404, as for an
 * alert that does not exist.
 */
export async function getAlert(db: Tx, viewer: Viewer, alertId: number): Promise<AlertDetail> {
  const [row] = await db.execute<DetailRow>(sql`
    select ${inboxColumns(sql`coalesce(r.created_at, a.created_at)`)},
           coalesce(ru.rule_name, a.metadata->>'rule_name') as rule_name,
           a.resolved_at, res.id as res_id, res.name as res_name, a.resolution_reason,
           a.escalation_level, a.expires_at
      from alerts a
      left join alert_recipients r on r.alert_id = a.id and r.user_id = ${viewer.id}
      left join alert_rules ru on ru.id = a.rule_id
      ${ACKER_JOIN}
      left join users res on res.id = a.resolved_by
     where a.id = ${alertId} and ${visibleAlertSql(viewer)}`);
  if (!row) throw notFound('Alert');

  const [events, deliveries, complaint] = await Promise.all([
    db.execute<{ id: number; kind: string; actor_id: number | null; actor_name: string | null; details: Record<string, unknown>; created_at: DbTime; total: number }>(sql`
      select * from (
        select e.id, e.kind, e.actor_id, u.name as actor_name, e.details, e.created_at, count(*) over ()::int as total
          from alert_events e left join users u on u.id = e.actor_id
         where e.alert_id = ${alertId}
         order by e.created_at desc, e.id desc
         limit ${TIMELINE_LIMIT}
      ) latest order by created_at, id`),
    db.execute<{
      id: number;
      channel: 'email' | 'slack' | 'webhook';
      user_id: number | null;
      user_name: string | null;
      kind: string;
      status: (typeof DELIVERY_STATUSES)[number];
      attempts: number;
      last_error: string | null;
      sent_at: DbTime | null;
      next_attempt_at: DbTime | null;
      created_at: DbTime;
    }>(sql`
      select d.id, d.channel, d.kind, d.user_id, u.name as user_name, d.status, d.attempts, d.last_error, d.sent_at,
             case when d.status in ('pending', 'failed') then d.next_attempt_at end as next_attempt_at, d.created_at
        from deliveries d left join users u on u.id = d.user_id
       where d.alert_id = ${alertId}
       order by d.created_at, d.id
       limit ${DELIVERY_LIMIT}`),
    row.resource_type === 'complaint' && row.resource_id ? complaintContext(db, row.resource_id) : Promise.resolve(null),
  ]);

  return {
    ...toInboxAlert(row),
    rule_name: row.rule_name,
    resolved_at: isoOrNull(row.resolved_at),
    resolved_by: userRef(row.res_id, row.res_name),
    resolution_reason: row.resolution_reason,
    escalation_level: row.escalation_level,
    expires_at: isoOrNull(row.expires_at),
    ...signalOf(row.metadata),
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, actor: userRef(e.actor_id, e.actor_name), details: e.details, created_at: iso(e.created_at) })),
    timeline_truncated: (events[0]?.total ?? 0) > events.length,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      kind: d.kind,
      recipient: userRef(d.user_id, d.user_name),
      status: d.status,
      attempts: d.attempts,
      last_error: d.last_error,
      sent_at: isoOrNull(d.sent_at),
      next_attempt_at: isoOrNull(d.next_attempt_at),
      created_at: iso(d.created_at),
    })),
    resource: row.resource_type ? { type: row.resource_type, id: row.resource_id, complaint } : null,
  };
}

/** Checks key complaint alerts by id; events may key them by reference. */
async function complaintContext(db: Tx, resourceId: string): Promise<ComplaintContext | null> {
  const id = /^[1-9][0-9]{0,15}$/.test(resourceId) && Number.isSafeInteger(Number(resourceId)) ? Number(resourceId) : null;
  const [c] = await db.execute<{
    id: number;
    reference: string;
    title: string;
    customer_name: string;
    priority: ComplaintContext['priority'];
    status: ComplaintContext['status'];
    assignee_id: number | null;
    assignee_name: string | null;
    response_due_at: DbTime | null;
    resolution_due_at: DbTime | null;
    first_responded_at: DbTime | null;
    resolved_at: DbTime | null;
    escalated_at: DbTime | null;
    created_at: DbTime;
  }>(sql`
    select c.id, c.reference, c.title, c.customer_name, c.priority, c.status, u.id as assignee_id, u.name as assignee_name,
           c.response_due_at, c.resolution_due_at, c.first_responded_at, c.resolved_at, c.escalated_at, c.created_at
      from complaints c left join users u on u.id = c.assignee_id
     where c.id = ${id}::bigint or c.reference = ${resourceId}
     order by (c.id = ${id}::bigint) desc nulls last
     limit 1`);
  if (!c) return null;
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    customer_name: c.customer_name,
    priority: c.priority,
    status: c.status,
    assignee: userRef(c.assignee_id, c.assignee_name),
    response_due_at: isoOrNull(c.response_due_at),
    resolution_due_at: isoOrNull(c.resolution_due_at),
    first_responded_at: isoOrNull(c.first_responded_at),
    resolved_at: isoOrNull(c.resolved_at),
    escalated_at: isoOrNull(c.escalated_at),
    created_at: iso(c.created_at),
  };
}
