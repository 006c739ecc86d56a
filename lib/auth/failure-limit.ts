import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { deleteWhereInBatches } from '@/db/delete-in-batches';

/**
 * Limits on failed authentications, kept in PostgreSQL (`auth_failures`) so every app instance
 * counts together. A key's failures count in a fixed window that starts at its first failure;
 * once they reach the limit the key waits until the window ends.
 */
export type FailureLimit = { kind: string; max: number };

const envInt = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export const limits = {
  windowMinutes: () => envInt('AUTH_FAILURE_WINDOW_MINUTES', 15),
  account: (): FailureLimit => ({ kind: 'signin:account', max: envInt('SIGNIN_ACCOUNT_MAX_FAILURES', 5) }),
  address: (): FailureLimit => ({ kind: 'signin:address', max: envInt('SIGNIN_ADDRESS_MAX_FAILURES', 50) }),
  token: (): FailureLimit => ({ kind: 'token:address', max: envInt('TOKEN_ADDRESS_MAX_FAILURES', 50) }),
};

export const limitKey = (limit: FailureLimit, subject: string) => `${limit.kind}:${subject.toLowerCase()}`;

/** A key over its limit and when it may try again. */
export type Lockout = { key: string; until: Date };

/** The first of `keys` that is over its limit now (one primary-key read), or null. */
export async function activeLockout(db: Tx, keys: { limit: FailureLimit; key: string }[]): Promise<Lockout | null> {
  if (keys.length === 0) return null;
  const window = limits.windowMinutes();
  const rows = await db.execute<{ key: string; failures: number; until: Date | string }>(sql`
    select key, failures, window_started_at + make_interval(mins => ${window}) as until
      from auth_failures
     where key in (${sql.join(
       keys.map((k) => sql`${k.key}`),
       sql`, `,
     )})
       and window_started_at > now() - make_interval(mins => ${window})`);
  let lockout: Lockout | null = null;
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)?.limit;
    if (!limit || row.failures < limit.max) continue;
    const until = new Date(row.until);
    if (!lockout || until > lockout.until) lockout = { key: row.key, until };
  }
  return lockout;
}

/** What one more failure did to a key: its count in the window, and the lockout it started or extends. */
export type FailureCount = { key: string; failures: number; until: Date; lockedNow: boolean; locked: boolean };

/**
 * Count one failure for each key (one statement): a key whose window has passed starts a new one.
 * `lockedNow` is true only for the failure that reached the limit, so a lockout is reported once.
 */
export async function recordFailures(db: Tx, keys: { limit: FailureLimit; key: string }[]): Promise<FailureCount[]> {
  if (keys.length === 0) return [];
  const window = limits.windowMinutes();
  const rows = await db.execute<{ key: string; failures: number; until: Date | string }>(sql`
    insert into auth_failures as f (key, failures, window_started_at)
    values ${sql.join(
      keys.map((k) => sql`(${k.key}, 1, now())`),
      sql`, `,
    )}
    on conflict (key) do update set
      failures = case when f.window_started_at <= now() - make_interval(mins => ${window}) then 1 else f.failures + 1 end,
      window_started_at = case when f.window_started_at <= now() - make_interval(mins => ${window}) then now() else f.window_started_at end
    returning key, failures, window_started_at + make_interval(mins => ${window}) as until`);
  return rows.map((row) => {
    const max = keys.find((k) => k.key === row.key)?.limit.max ?? Infinity;
    return { key: row.key, failures: row.failures, until: new Date(row.until), lockedNow: row.failures === max, locked: row.failures >= max };
  });
}

/** A lockout's wait in whole seconds, for Retry-After (at least 1). */
export const retryAfterSeconds = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));

/** Forget counts whose window ended over a day ago (the daily cleanup, in batches). */
export function purgeAuthFailures(db: Db): Promise<number> {
  return deleteWhereInBatches(db, 'auth_failures', 'key', sql`window_started_at < now() - interval '1 day'`);
}
