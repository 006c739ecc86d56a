import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { sqlTextArray } from '@/db/sql-arrays';
import { timeZoneSchema } from '@/lib/validation/time';
import { OPEN_STATUSES_SQL, type CheckDefinition } from './types';

const OPEN = sql.raw(OPEN_STATUSES_SQL);

export const dailySummaryConditions = z.object({
  hour: z.number().int().min(0).max(23).default(8),
  timezone: timeZoneSchema.default('UTC'),
  roles: z.array(z.enum(ROLES)).min(1).default(['manager', 'admin']),
});
export type DailySummaryConditions = z.infer<typeof dailySummaryConditions>;

/**
 * At the rule's hour in its time zone: one summary alert per person in the chosen roles
 * (fingerprint carries the local date, so a second run in that hour adds nothing).
 */
export const dailySummaryCheck: CheckDefinition<DailySummaryConditions> = {
  name: 'daily_summary',
  label: 'Daily summary',
  job: 'daily-summary',
  conditions: dailySummaryConditions,
  candidates: (rule, c) => sql`
    with local as (select (now() at time zone ${c.timezone}) as at_local),
    totals as (
      select (select count(*) from complaints where status in ${OPEN})::int as open_complaints,
             (select count(*) from complaints where status in ${OPEN} and priority = 'critical')::int as critical_open,
             (select count(*) from complaints where status in ${OPEN}
                and ((first_responded_at is null and response_due_at <= now()) or (resolved_at is null and resolution_due_at <= now())))::int as breached,
             (select count(*) from alerts where created_at > now() - interval '24 hours')::int as alerts_24h,
             (select count(*) from payments where status = 'failed' and created_at > now() - interval '24 hours')::int as failed_payments_24h
    )
    select ${`${rule.id}:summary:`}::text || to_char(l.at_local, 'YYYY-MM-DD') || ':' || u.id as fingerprint,
           'summary'::text as resource_type, to_char(l.at_local, 'YYYY-MM-DD') as resource_id, u.id as subject_user_id,
           jsonb_build_object('date', to_char(l.at_local, 'YYYY-MM-DD'), 'user', jsonb_build_object('name', u.name),
             'summary', to_jsonb(tot) || jsonb_build_object('my_open', (select count(*) from complaints c
                                   where c.assignee_id = u.id and c.status in ${OPEN}))) as ctx,
           to_jsonb(tot) as metadata
      from local l, totals tot, users u
     where extract(hour from l.at_local) = ${c.hour} and u.is_active and u.role = any(${sqlTextArray(c.roles)})`,
};
