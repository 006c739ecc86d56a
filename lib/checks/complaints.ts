import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { PRIORITIES } from '@/db/schema';
import { sqlBigintArray, sqlTextArray } from '@/db/sql-arrays';
import { complaintContext } from './complaint-context';
import { OPEN_STATUSES_SQL, type CheckDefinition, type CheckScope } from './types';

const OPEN = sql.raw(OPEN_STATUSES_SQL);

const complaintCandidate = (ruleId: number) => sql`
  select ${`${ruleId}:complaint:`}::text || c.id as fingerprint, 'complaint'::text as resource_type,
         c.id::text as resource_id, c.assignee_id as subject_user_id,
         jsonb_build_object('complaint', ${complaintContext}) as ctx,
         jsonb_build_object('priority', c.priority, 'status', c.status) as metadata
    from complaints c left join users u on u.id = c.assignee_id`;

/** Only the scope's complaints (their primary keys), when there is a scope. */
const inScope = (scope?: CheckScope) => (scope ? sql`and c.id = any(${sqlBigintArray(scope.complaintIds)})` : sql``);
/** The alerts about the scope's complaints (candidates are one per complaint, resource_id its id). */
const complaintAlertsIn = (scope: CheckScope) =>
  sql`a.resource_type = 'complaint' and a.resource_id = any(${sqlTextArray(scope.complaintIds.map(String))})`;

// ── new critical complaint: until someone responds (also fired on ingestion) ──────────────────
export const criticalComplaintConditions = z.object({
  priorities: z.array(z.enum(PRIORITIES)).min(1).default(['critical']),
  // older complaints are the SLA checks' business
  max_age_minutes: z.number().int().min(1).max(10_080).default(1440),
});
export const criticalComplaintCheck: CheckDefinition<z.infer<typeof criticalComplaintConditions>> = {
  name: 'critical_complaint',
  label: 'New critical complaint',
  job: 'critical',
  conditions: criticalComplaintConditions,
  scopeAlerts: complaintAlertsIn,
  candidates: (rule, c, scope) => sql`${complaintCandidate(rule.id)}
     where c.priority = any(${sqlTextArray(c.priorities)}) and c.status in ${OPEN} and c.first_responded_at is null
       and c.created_at > now() - make_interval(mins => ${c.max_age_minutes}::int) ${inScope(scope)}`,
};

// ── escalated complaint: to the assignee's manager, until it is no longer escalated ───────────
export const escalatedComplaintConditions = z.object({});
export const escalatedComplaintCheck: CheckDefinition<z.infer<typeof escalatedComplaintConditions>> = {
  name: 'escalated_complaint',
  label: 'Escalated complaint',
  job: 'critical',
  conditions: escalatedComplaintConditions,
  scopeAlerts: complaintAlertsIn,
  candidates: (rule, _c, scope) => sql`${complaintCandidate(rule.id)} where c.status = 'escalated' ${inScope(scope)}`,
};

// ── critical complaint nobody owns after X minutes ───────────────────────────────────────────
export const unassignedCriticalConditions = z.object({
  after_minutes: z.number().int().min(1).max(10_080).default(15),
  priorities: z.array(z.enum(PRIORITIES)).min(1).default(['critical']),
});
export const unassignedCriticalCheck: CheckDefinition<z.infer<typeof unassignedCriticalConditions>> = {
  name: 'unassigned_critical',
  label: 'Critical complaint unassigned',
  job: 'critical',
  conditions: unassignedCriticalConditions,
  scopeAlerts: complaintAlertsIn,
  candidates: (rule, c, scope) => sql`${complaintCandidate(rule.id)}
     where c.assignee_id is null and c.status in ${OPEN} and c.priority = any(${sqlTextArray(c.priorities)})
       and c.created_at <= now() - make_interval(mins => ${c.after_minutes}::int) ${inScope(scope)}`,
};

// ── high-priority queue: more than N unanswered high/critical complaints waiting ──────────────
export const highPriorityQueueConditions = z.object({
  priorities: z.array(z.enum(PRIORITIES)).min(1).default(['high', 'critical']),
  max_waiting: z.number().int().min(0).max(1_000_000).default(10),
});
export const highPriorityQueueCheck: CheckDefinition<z.infer<typeof highPriorityQueueConditions>> = {
  name: 'high_priority_queue',
  label: 'High-priority queue over N',
  job: 'critical',
  conditions: highPriorityQueueConditions,
  candidates: (rule, c) => sql`
    select ${`${rule.id}:queue:high_priority`}::text as fingerprint, 'queue'::text as resource_type,
           'high_priority'::text as resource_id, null::bigint as subject_user_id,
           jsonb_build_object('queue', jsonb_build_object('waiting', q.waiting, 'threshold', ${c.max_waiting}::int)) as ctx,
           jsonb_build_object('waiting', q.waiting) as metadata
      from (select count(*)::int as waiting from complaints c
             where c.first_responded_at is null and c.status in ${OPEN}
               and c.priority = any(${sqlTextArray(c.priorities)})) q
     where q.waiting > ${c.max_waiting}::int`,
};

// ── staff workload: open complaints per person over a threshold, with a recovery level ────────
export const staffWorkloadConditions = z
  .object({
    max_open_items: z.number().int().min(1).max(100_000).default(10),
    // an open alert clears only once the load is back at or under this (defaults to the threshold)
    recovery_items: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((c) => c.recovery_items === undefined || c.recovery_items <= c.max_open_items, {
    message: 'recovery_items must not exceed max_open_items',
    path: ['recovery_items'],
  });
export const staffWorkloadCheck: CheckDefinition<z.infer<typeof staffWorkloadConditions>> = {
  name: 'staff_workload',
  label: 'Staff workload over threshold',
  job: 'critical',
  conditions: staffWorkloadConditions,
  candidates: (rule, c) => sql`
    select ${`${rule.id}:user:`}::text || w.assignee_id as fingerprint, 'user'::text as resource_type,
           w.assignee_id::text as resource_id, w.assignee_id as subject_user_id,
           jsonb_build_object('staff', jsonb_build_object('id', u.id, 'name', u.name, 'open_items', w.n),
                              'threshold', ${c.max_open_items}::int) as ctx,
           jsonb_build_object('open_items', w.n) as metadata
      from (select assignee_id, count(*)::int as n from complaints
             where status in ${OPEN} and assignee_id is not null group by assignee_id) w
      join users u on u.id = w.assignee_id
     where w.n > ${c.max_open_items}::int
        or (w.n > ${c.recovery_items ?? c.max_open_items}::int and exists (
              select 1 from alerts a where a.fingerprint = ${`${rule.id}:user:`}::text || w.assignee_id and a.status <> 'resolved'))`,
};
