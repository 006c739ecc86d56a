import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { DELETE_BATCH, deleteInBatches } from '@/db/delete-in-batches';

/** The longest window a check may ask for (window_minutes ≤ 10,080) and a day to spare: older buckets are never read. */
export const ROLLUP_KEEP_DAYS = 8;

/** Drop per-minute rollup buckets no window reaches any more; the raw payments and samples stay. */
export async function purgeWindowRollups(db: Db, batch = DELETE_BATCH): Promise<number> {
  const payments = await deleteInBatches(
    db,
    (n) => sql`
      with doomed as (
        select ctid from payment_minutes where minute < now() - make_interval(days => ${ROLLUP_KEEP_DAYS}::int)
         limit ${n} for update skip locked
      ), gone as (delete from payment_minutes b using doomed where b.ctid = doomed.ctid returning 1)
      select count(*)::int as n from gone`,
    batch,
  );
  const metrics = await deleteInBatches(
    db,
    (n) => sql`
      with doomed as (
        select ctid from metric_minutes where minute < now() - make_interval(days => ${ROLLUP_KEEP_DAYS}::int)
         limit ${n} for update skip locked
      ), gone as (delete from metric_minutes b using doomed where b.ctid = doomed.ctid returning 1)
      select count(*)::int as n from gone`,
    batch,
  );
  return payments + metrics;
}
