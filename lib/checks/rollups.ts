import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { DELETE_BATCH, deleteWhereInBatches } from '@/db/delete-in-batches';

/** The longest window a check may ask for (window_minutes ≤ 10,080) and a day to spare: older buckets are never read. */
export const ROLLUP_KEEP_DAYS = 8;

/** Drop per-minute rollup buckets no window reaches any more; the raw payments and samples stay. */
export async function purgeWindowRollups(db: Db, batch = DELETE_BATCH): Promise<number> {
  const old = sql`minute < now() - make_interval(days => ${ROLLUP_KEEP_DAYS}::int)`;
  // the buckets have no key column of their own
  return (await deleteWhereInBatches(db, 'payment_minutes', 'ctid', old, batch)) + (await deleteWhereInBatches(db, 'metric_minutes', 'ctid', old, batch));
}
