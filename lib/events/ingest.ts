import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { fireCandidates } from '@/lib/alerts/fire';
import { auditActorType, type Viewer } from '@/lib/auth/permissions';
import { runChecks, totalCounts } from '@/lib/checks/registry';
import { alertConfigSchema } from '@/lib/validation/rules';
import { recordAlerts } from '@/lib/metrics/registry';
import { eventMatchConditions, type IngestEvent } from '@/lib/validation/events';
import { eventKey, eventMatches, type MatchableEvent } from './match';
import { finishAlertWrite } from '@/lib/alerts/finish-write';

export type IngestResult = {
  accepted: number;
  complaints: number;
  payments: number;
  metric_samples: number;
  custom: number;
  alerts_created: number;
  alerts_repeated: number;
  alerts_resolved: number;
};

type ComplaintFields = Extract<IngestEvent, { type: 'complaint.created' | 'complaint.updated' }>['complaint'];
type PaymentEvent = Extract<IngestEvent, { type: 'payment.succeeded' | 'payment.failed' }>;

/** Later events about the same complaint refine earlier ones in the batch. */
function mergeComplaints(events: IngestEvent[]): ComplaintFields[] {
  const byRef = new Map<string, ComplaintFields>();
  for (const e of events) {
    if (e.type !== 'complaint.created' && e.type !== 'complaint.updated') continue;
    byRef.set(e.complaint.reference, { ...byRef.get(e.complaint.reference), ...e.complaint });
  }
  return [...byRef.values()];
}

/** Returns the ids of the complaints written. */
async function upsertComplaints(tx: Tx, docs: ComplaintFields[]): Promise<number[]> {
  if (!docs.length) return [];
  const payload = JSON.stringify(docs);
  // one statement: new references are inserted; known ones (the update cannot see the rows the
  // insert adds, same snapshot) take only the fields the events carried
  const rows = await tx.execute<{ id: number }>(sql`
    with ins as (
    insert into complaints (reference, title, description, customer_name, priority, status, assignee_id,
                            response_due_at, resolution_due_at, first_responded_at, resolved_at, escalated_at)
    select d->>'reference', coalesce(d->>'title', d->>'reference'), coalesce(d->>'description', ''),
           coalesce(d->>'customer_name', ''), coalesce(d->>'priority', 'medium'), coalesce(d->>'status', 'open'),
           (select u.id from users u where lower(u.email) = lower(d->>'assignee_email') and u.is_active),
           (d->>'response_due_at')::timestamptz, (d->>'resolution_due_at')::timestamptz,
           (d->>'first_responded_at')::timestamptz, (d->>'resolved_at')::timestamptz,
           case when d->>'status' = 'escalated' then now() end
      from jsonb_array_elements(${payload}::jsonb) d
    on conflict (reference) do nothing
    returning id),
    upd as (
    update complaints c set
      title = case when d ? 'title' then d->>'title' else c.title end,
      description = case when d ? 'description' then d->>'description' else c.description end,
      customer_name = case when d ? 'customer_name' then d->>'customer_name' else c.customer_name end,
      priority = case when d ? 'priority' then d->>'priority' else c.priority end,
      status = case when d ? 'status' then d->>'status' else c.status end,
      assignee_id = case when d ? 'assignee_email'
                         then (select u.id from users u where lower(u.email) = lower(d->>'assignee_email') and u.is_active)
                         else c.assignee_id end,
      response_due_at = case when d ? 'response_due_at' then (d->>'response_due_at')::timestamptz else c.response_due_at end,
      resolution_due_at = case when d ? 'resolution_due_at' then (d->>'resolution_due_at')::timestamptz else c.resolution_due_at end,
      first_responded_at = case when d ? 'first_responded_at' then (d->>'first_responded_at')::timestamptz else c.first_responded_at end,
      resolved_at = case when d ? 'resolved_at' then (d->>'resolved_at')::timestamptz else c.resolved_at end,
      escalated_at = case when d->>'status' = 'escalated' and c.status <> 'escalated' then now() else c.escalated_at end,
      updated_at = now()
      from jsonb_array_elements(${payload}::jsonb) d
     where c.reference = d->>'reference'
    returning c.id)
    select id from ins union all select id from upd`);
  return rows.map((r) => r.id);
}

async function upsertPayments(tx: Tx, events: PaymentEvent[]): Promise<void> {
  if (!events.length) return;
  const byId = new Map(events.map((e) => [e.payment.id, { ...e.payment, status: e.type === 'payment.failed' ? 'failed' : 'succeeded' }]));
  await tx.execute(sql`
    insert into payments (external_id, customer_name, amount_cents, currency, provider, status, failure_code, failure_message, created_at)
    select p->>'id', p->>'customer_name', (p->>'amount_cents')::bigint, p->>'currency', p->>'provider', p->>'status',
           p->>'failure_code', p->>'failure_message', coalesce((p->>'occurred_at')::timestamptz, now())
      from jsonb_array_elements(${JSON.stringify([...byId.values()])}::jsonb) p
    on conflict (external_id) do update
       set status = excluded.status, failure_code = excluded.failure_code, failure_message = excluded.failure_message`);
}

async function insertMetrics(tx: Tx, events: Extract<IngestEvent, { type: 'metric' }>[]): Promise<void> {
  if (!events.length) return;
  await tx.execute(sql`
    insert into metric_samples (metric, value, labels, recorded_at)
    select m->>'metric', (m->>'value')::float8, coalesce(m->'labels', '{}'), coalesce((m->>'recorded_at')::timestamptz, now())
      from jsonb_array_elements(${JSON.stringify(events)}::jsonb) m`);
}

/** What event rules see of each event: custom events as sent, payments and complaints as attributes. */
function matchable(e: IngestEvent): MatchableEvent | null {
  switch (e.type) {
    case 'custom':
      return { ...e, attributes: e.attributes ?? {} };
    case 'payment.succeeded':
    case 'payment.failed':
      return {
        event_type: e.type,
        resource: { type: 'payment_provider', id: e.payment.provider },
        attributes: { ...e.payment.attributes, ...e.payment },
        title: `Payment ${e.payment.id} ${e.type === 'payment.failed' ? 'failed' : 'succeeded'} at ${e.payment.provider}`,
        message: e.payment.failure_message ?? undefined,
        status: 'firing',
      };
    case 'complaint.created':
    case 'complaint.updated':
      return { event_type: e.type, resource: { type: 'complaint', id: e.complaint.reference }, attributes: { ...e.complaint }, title: e.complaint.title, status: 'firing' };
    default:
      return null;
  }
}

/**
 * Fire every enabled event rule on the batch; a `resolved` event closes its alert. Rules marked
 * `unmatched_only` (the catch-all that sends unrouted Prometheus alerts to the admins) see only
 * the firing events no other rule took.
 */
async function fireEventRules(tx: Tx, events: MatchableEvent[]): Promise<{ created: number; repeated: number; resolved: number }> {
  const totals = { created: 0, repeated: 0, resolved: 0 };
  if (!events.length) return totals;
  // every batch takes the rules' evaluation locks in the same order (lib/alerts/fire.ts): the
  // routing rules by id, then the catch-alls by id
  const rows = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.isEnabled, true), eq(alertRules.check, 'event_match')))
    .orderBy(alertRules.id);
  const rules = rows
    .map((rule) => ({ rule, conditions: eventMatchConditions.safeParse(rule.conditions), config: alertConfigSchema.safeParse(rule.alertConfig) }))
    .filter((r) => r.conditions.success && r.config.success)
    .map(({ rule, conditions, config }) => ({ rule, conditions: conditions.data!, config: config.data! }))
    .sort((a, b) => Number(a.conditions.unmatched_only ?? false) - Number(b.conditions.unmatched_only ?? false) || a.rule.id - b.rule.id);
  const routed = new Set<MatchableEvent>();
  for (const { rule, conditions, config } of rules) {
    const firing = new Map<string, { event: MatchableEvent; n: number }>();
    const resolving = new Set<string>();
    for (const event of events) {
      if (!eventMatches(conditions, event)) continue;
      const fingerprint = `${rule.id}:event:${eventKey(event)}`;
      if (event.status === 'resolved') {
        firing.delete(fingerprint);
        resolving.add(fingerprint);
      } else if (conditions.unmatched_only && routed.has(event)) {
        continue;
      } else {
        routed.add(event);
        resolving.delete(fingerprint);
        firing.set(fingerprint, { event, n: (firing.get(fingerprint)?.n ?? 0) + 1 });
      }
    }
    if (firing.size) {
      const candidates = [...firing].map(([fingerprint, { event, n }]) => ({
        fingerprint,
        resource_type: event.resource?.type ?? 'event',
        resource_id: event.resource?.id ?? event.event_type,
        n,
        severity: event.severity ?? null,
        expires_at: event.expires_at ?? null,
        ctx: { event: { ...event, title: event.title ?? event.event_type, message: event.message ?? '' } },
        metadata: { event_type: event.event_type, attributes: event.attributes },
      }));
      const counts = await fireCandidates(
        tx,
        { id: rule.id, ruleName: rule.ruleName, check: rule.check, alertConfig: config },
        sql`select x->>'fingerprint' as fingerprint, x->>'resource_type' as resource_type, x->>'resource_id' as resource_id,
                   null::bigint as subject_user_id, x->'ctx' as ctx, x->'metadata' as metadata, (x->>'n')::int as n,
                   x->>'severity' as severity, (x->>'expires_at')::timestamptz as expires_at
              from jsonb_array_elements(${JSON.stringify(candidates)}::jsonb) x`,
        'event',
        { count: candidates.length },
      );
      totals.created += counts.created;
      totals.repeated += counts.repeated;
    }
    const resolved = resolving.size ? await resolveByFingerprint(tx, [...resolving]) : 0;
    totals.resolved += resolved;
    recordAlerts(rule.ruleName, { resolved }, 'resolved_event');
  }
  return totals;
}

async function resolveByFingerprint(tx: Tx, fingerprints: string[]): Promise<number> {
  const [row] = await tx.execute<{ n: number; event_ids: number[]; changed_alert_ids: number[] }>(sql`
    with done as (
      update alerts set status = 'resolved', resolved_at = now(), resolution_reason = 'resolved_event',
                        next_escalation_at = null, updated_at = now()
       where fingerprint in (select jsonb_array_elements_text(${JSON.stringify(fingerprints)}::jsonb)) and status <> 'resolved'
      returning id
    ), ev as (insert into alert_events (alert_id, kind, details) select id, 'resolved', '{"reason":"resolved_event"}' from done returning id)
    select (select count(*) from done)::int as n, array(select id from ev) as event_ids, array(select id from done) as changed_alert_ids`);
  await finishAlertWrite(tx, row!);
  return row!.n;
}

export type SignalResult = { accepted: number; firing: number; resolved: number; alerts_created: number; alerts_repeated: number; alerts_resolved: number };

/**
 * Alerts decided elsewhere (Prometheus, Alertmanager, Grafana: lib/integrations/prometheus.ts), in
 * ONE transaction: event rules route them, `resolved` closes what they opened.
 */
export async function ingestSignals(db: Db, viewer: Viewer, events: MatchableEvent[], source: string): Promise<SignalResult> {
  return db.transaction(async (tx) => {
    const fired = await fireEventRules(tx, events);
    await auditIngest(tx, viewer, events.length, source);
    return {
      accepted: events.length,
      firing: events.filter((e) => e.status === 'firing').length,
      resolved: events.filter((e) => e.status === 'resolved').length,
      alerts_created: fired.created,
      alerts_repeated: fired.repeated,
      alerts_resolved: fired.resolved,
    };
  });
}

async function auditIngest(tx: Tx, viewer: Viewer, events: number, source: string | null) {
  if (!events) return;
  await tx.execute(sql`insert into audit_log (actor_id, actor_type, action, details)
    values (${viewer.id}, ${auditActorType(viewer)}, 'events.ingested',
            ${JSON.stringify({ events, token_id: viewer.tokenId ?? null, ...(source ? { source } : {}) })}::jsonb)`);
}

/**
 * Take a validated batch of events in ONE transaction: store complaints, payments and metric
 * samples, then fire what they trigger — event rules, and the checks that watch what changed
 * (a critical complaint alerts its assignee before this returns).
 */
export async function ingestEvents(db: Db, viewer: Viewer, events: IngestEvent[]): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const complaints = mergeComplaints(events);
    const payments = events.filter((e): e is PaymentEvent => e.type === 'payment.succeeded' || e.type === 'payment.failed');
    const metrics = events.filter((e) => e.type === 'metric');
    const complaintIds = await upsertComplaints(tx, complaints);
    await upsertPayments(tx, payments);
    await insertMetrics(tx, metrics);

    const fired = await fireEventRules(tx, events.map(matchable).filter((e): e is MatchableEvent => e !== null));
    // what the batch changed, in one run (rules in id order, as the cron run takes them): the
    // complaints it wrote and only those (the cron run looks at the rest), the payment-failure
    // rate when a payment failed, the KPI rules of the metrics it carried
    const metricNames = new Set(metrics.map((m) => m.metric));
    const watchers = [
      ...(complaintIds.length ? ['critical_complaint', 'escalated_complaint', 'unassigned_critical'] : []),
      ...(payments.some((p) => p.type === 'payment.failed') ? ['payment_failures'] : []),
      ...(metricNames.size ? ['kpi_threshold'] : []),
    ];
    const checked = watchers.length
      ? await runChecks(tx, watchers, {
          scope: { complaintIds },
          only: (rule) => rule.check !== 'kpi_threshold' || metricNames.has(String(rule.conditions.metric)),
        })
      : [];
    await auditIngest(tx, viewer, events.length, null);
    const byChecks = totalCounts(checked);
    return {
      accepted: events.length,
      complaints: complaints.length,
      payments: payments.length,
      metric_samples: metrics.length,
      custom: events.filter((e) => e.type === 'custom').length,
      alerts_created: fired.created + (byChecks.created ?? 0),
      alerts_repeated: fired.repeated + (byChecks.repeated ?? 0),
      alerts_resolved: fired.resolved + (byChecks.resolved ?? 0),
    };
  });
}
