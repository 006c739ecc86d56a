import { sql, type SQL } from 'drizzle-orm';

/**
 * Where a sliding window of payments or metric samples starts: the UTC minute that holds
 * now() − window. Windows are summed from per-minute rollups, so they are whole minutes, rounded
 * out: a window of W minutes spans between W and W + 1 minutes, never less than W.
 */
export const windowStart = (minutes: number): SQL =>
  sql`date_trunc('minute', now() - make_interval(mins => ${minutes}::int), 'UTC')`;
