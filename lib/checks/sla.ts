import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { PRIORITIES } from '@/db/schema';
import { sqlTextArray } from '@/db/sql-arrays';
import { complaintContext } from './complaint-context';
import { OPEN_STATUSES_SQL, type CheckDefinition } from './types';

export const slaConditionsSchema = z.object({
  buffer_minutes: z.number().int().min(1).max(10_080).default(60),
  deadlines: z.array(z.enum(['response', 'resolution'])).min(1).default(['response', 'resolution']),
  priorities: z.array(z.enum(PRIORITIES)).min(1).optional(),
});
export type SlaConditions = z.infer<typeof slaConditionsSchema>;

const OPEN = sql.raw(OPEN_STATUSES_SQL);

/**
 * Complaints whose response or resolution deadline is within the buffer (at risk) or past
 * (breached) and not yet met. Each branch walks one partial index on the deadline column.
 */
function slaCandidates(ruleId: number, c: SlaConditions, mode: 'at_risk' | 'breached'): SQL {
  const window = (col: SQL) =>
    mode === 'breached'
      ? sql`${col} <= now()`
      : sql`${col} > now() and ${col} <= now() + make_interval(mins => ${c.buffer_minutes}::int)`;
  const priority = c.priorities ? sql`and c.priority = any(${sqlTextArray(c.priorities)})` : sql``;
  const branch = (kind: 'response' | 'resolution') => {
    const due = kind === 'response' ? sql.raw('c.response_due_at') : sql.raw('c.resolution_due_at');
    const met = kind === 'response' ? sql.raw('c.first_responded_at') : sql.raw('c.resolved_at');
    return sql`
      select ${`${ruleId}:complaint:`}::text || c.id || ${`:${kind}`}::text as fingerprint,
             'complaint'::text as resource_type, c.id::text as resource_id, c.assignee_id as subject_user_id,
             jsonb_build_object(
               'complaint', ${complaintContext},
               'deadline', jsonb_build_object('kind', ${kind}::text, 'due_at', ${due},
                 'minutes_left', greatest(0, ceil(extract(epoch from ${due} - now()) / 60))::int,
                 'minutes_overdue', greatest(0, floor(extract(epoch from now() - ${due}) / 60))::int)
             ) as ctx,
             jsonb_build_object('deadline_kind', ${kind}::text, 'due_at', ${due}, 'priority', c.priority) as metadata
        from complaints c left join users u on u.id = c.assignee_id
       where ${met} is null and c.status in ${OPEN} and ${window(due)} ${priority}`;
  };
  return sql.join(
    c.deadlines.map((k) => branch(k)),
    sql` union all `,
  );
}

export const slaAtRiskCheck: CheckDefinition<SlaConditions> = {
  name: 'sla_at_risk',
  label: 'SLA at risk',
  job: 'sla',
  conditions: slaConditionsSchema,
  candidates: (rule, c) => slaCandidates(rule.id, c, 'at_risk'),
};

export const slaBreachedCheck: CheckDefinition<SlaConditions> = {
  name: 'sla_breached',
  label: 'SLA breached',
  job: 'sla',
  conditions: slaConditionsSchema,
  candidates: (rule, c) => slaCandidates(rule.id, c, 'breached'),
};
