import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { sqlTextArray } from '@/db/sql-arrays';
import type { CheckDefinition } from './types';
import { windowStart } from './window';

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
    const start = windowStart(c.window_minutes);
    const group = c.group_by_provider ? sql.raw('b.provider') : sql.raw(`'all'::text`);
    const sameGroup = c.group_by_provider ? sql`f.provider = w.grp` : sql`true`;
    const providers = c.providers ? sql`and b.provider = any(${sqlTextArray(c.providers)})` : sql``;
    const countLimit = c.min_failures ?? null;
    const rateLimit = c.min_failure_rate ?? null;
    // the window's counts are summed from per-minute rollups (payment_minutes, kept by triggers), so a
    // check costs O(window minutes) whatever the traffic; the last error is one index lookup per provider
    return sql`
      with b as (select b.provider, sum(b.failed)::int as failed, sum(b.total)::int as total
                   from payment_minutes b
                  where b.minute >= ${start} ${providers}
                  group by b.provider having sum(b.total) > 0),
           w as (select ${group} as grp, sum(b.failed)::int as failed, sum(b.total)::int as total from b group by 1)
      select ${`${rule.id}:payments:`}::text || w.grp as fingerprint, 'payment_provider'::text as resource_type,
             w.grp as resource_id, null::bigint as subject_user_id,
             jsonb_build_object('payments', jsonb_build_object('provider', w.grp, 'failed', w.failed, 'total', w.total,
               'failure_rate_pct', round(100.0 * w.failed / greatest(w.total, 1), 1),
               'window_minutes', ${c.window_minutes}::int,
               'last_error', (select l.failure_message from b f
                                cross join lateral (select p.failure_message, p.created_at from payments p
                                                     where p.provider = f.provider and p.status = 'failed' and p.created_at >= ${start}
                                                     order by p.created_at desc limit 1) l
                               where f.failed > 0 and ${sameGroup}
                               order by l.created_at desc limit 1))) as ctx,
             jsonb_build_object('failed', w.failed, 'total', w.total) as metadata
        from w
       where (${countLimit}::int is not null and w.failed >= ${countLimit}::int)
          or (${rateLimit}::float8 is not null and w.total >= ${c.min_volume}::int
              and w.failed::float8 / w.total >= ${rateLimit}::float8)`;
  },
};
