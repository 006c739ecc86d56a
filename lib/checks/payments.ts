import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { sqlTextArray } from '@/db/sql-arrays';
import type { CheckDefinition } from './types';

export const paymentFailureConditions = z
  .object({
    window_minutes: z.number().int().min(1).max(10_080).default(30),
    // fires when either limit is reached (each optional, at least one)
    min_failures: z.number().int().min(1).max(1_000_000).optional(),
    min_failure_rate: z.number().gt(0).max(1).optional(),
    // the rate means nothing over a handful of payments
    min_volume: z.number().int().min(1).max(1_000_000).default(10),
    group_by_provider: z.boolean().default(true),
    providers: z.array(z.string().min(1).max(50)).min(1).optional(),
  })
  .refine((c) => c.min_failures !== undefined || c.min_failure_rate !== undefined, {
    message: 'set min_failures, min_failure_rate or both',
  });
export type PaymentFailureConditions = z.infer<typeof paymentFailureConditions>;

/** Failed payments in a sliding window, per provider or overall: a count or a rate over the limit. */
export const paymentFailuresCheck: CheckDefinition<PaymentFailureConditions> = {
  name: 'payment_failures',
  label: 'Payment failures',
  job: 'critical',
  conditions: paymentFailureConditions,
  candidates: (rule, c) => {
    const group = c.group_by_provider ? sql.raw('p.provider') : sql.raw(`'all'::text`);
    const providers = c.providers ? sql`and p.provider = any(${sqlTextArray(c.providers)})` : sql``;
    const countLimit = c.min_failures ?? null;
    const rateLimit = c.min_failure_rate ?? null;
    return sql`
      select ${`${rule.id}:payments:`}::text || w.grp as fingerprint, 'payment_provider'::text as resource_type,
             w.grp as resource_id, null::bigint as subject_user_id,
             jsonb_build_object('payments', jsonb_build_object('provider', w.grp, 'failed', w.failed, 'total', w.total,
               'failure_rate_pct', round(100.0 * w.failed / greatest(w.total, 1), 1),
               'window_minutes', ${c.window_minutes}::int, 'last_error', w.last_error)) as ctx,
             jsonb_build_object('failed', w.failed, 'total', w.total) as metadata
        from (select ${group} as grp, count(*) filter (where p.status = 'failed')::int as failed, count(*)::int as total,
                     (array_agg(p.failure_message order by p.created_at desc) filter (where p.status = 'failed'))[1] as last_error
                from payments p
               where p.created_at > now() - make_interval(mins => ${c.window_minutes}::int) ${providers}
               group by 1) w
       where (${countLimit}::int is not null and w.failed >= ${countLimit}::int)
          or (${rateLimit}::float8 is not null and w.total >= ${c.min_volume}::int
              and w.failed::float8 / w.total >= ${rateLimit}::float8)`;
  },
};
