import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/** Rows a cleanup statement deletes at most: each batch is its own short transaction. */
export const DELETE_BATCH = 5000;

/**
 * Run `deleteBatch` (one statement that deletes at most `batch` rows and counts them as `n`) until
 * a batch comes back short. Pass the database, not a transaction: each batch commits on its own,
 * so no statement holds locks for long and what was deleted stays deleted if a later batch fails.
 */
export async function deleteInBatches(db: Db, deleteBatch: (batch: number) => SQL, batch = DELETE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await db.execute<{ n: number }>(deleteBatch(batch));
    total += row!.n;
    if (row!.n < batch) return total;
  }
}

/**
 * Delete the rows of `table` matching `where`, in batches (see deleteInBatches): each batch takes
 * up to `batch` matching rows, by `key` (a unique column, or `ctid` for a table without one), with
 * SKIP LOCKED so concurrent cleanups share the work instead of waiting on each other.
 */
export function deleteWhereInBatches(db: Db, table: string, key: string, where: SQL, batch = DELETE_BATCH): Promise<number> {
  const t = sql.identifier(table);
  const k = sql.identifier(key);
  return deleteInBatches(
    db,
    (n) => sql`
      with doomed as (select ${k} as k from ${t} where ${where} limit ${n} for update skip locked),
      gone as (delete from ${t} using doomed where ${t}.${k} = doomed.k returning 1)
      select count(*)::int as n from gone`,
    batch,
  );
}
