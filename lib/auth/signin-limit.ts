import { CredentialsSignin } from 'next-auth';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { activeLockout, limitKey, limits, recordFailures, type FailureLimit } from './failure-limit';
import { recordSystemAudit } from './audit';

/**
 * A sign-in refused because the account or the address has failed too often; `until` is when it
 * may try again. Auth.js's own routes put the code in the error redirect (`code=locked:<ISO time>`).
 */
export class SignInLocked extends CredentialsSignin {
  constructor(readonly until: Date) {
    super();
    this.code = `locked:${until.toISOString()}`;
  }
}

type Keyed = { limit: FailureLimit; key: string; subject: string };

/** The keys a sign-in counts against: the account, and the client's address when it is known. */
export function signInKeys(email: string, address: string | null): Keyed[] {
  const account = limits.account();
  const keys: Keyed[] = [{ limit: account, key: limitKey(account, email), subject: email.toLowerCase() }];
  if (address) {
    const perAddress = limits.address();
    keys.push({ limit: perAddress, key: limitKey(perAddress, address), subject: address });
  }
  return keys;
}

/** Refuse a sign-in, the right password too, while its account or address waits out a lockout. */
export async function assertSignInAllowed(db: Tx, keys: Keyed[]): Promise<void> {
  const lockout = await activeLockout(db, keys);
  if (lockout) throw new SignInLocked(lockout.until);
}

/**
 * Count a failed sign-in (one statement) and audit a lockout it starts. Returns the lockout the
 * failure ran into, so the failure that reaches the limit already says until when.
 */
export async function recordSignInFailure(db: Tx, keys: Keyed[], address: string | null): Promise<SignInLocked | null> {
  const counts = await recordFailures(db, keys);
  for (const count of counts.filter((c) => c.lockedNow)) {
    const keyed = keys.find((k) => k.key === count.key)!;
    const account = keyed.limit.kind === limits.account().kind;
    await recordSystemAudit(db, account ? 'auth.account_locked' : 'auth.address_locked', { type: account ? 'account' : 'address', id: keyed.subject }, {
      failures: count.failures,
      until: count.until.toISOString(),
      address,
    });
  }
  const locked = counts.filter((c) => c.locked).sort((a, b) => b.until.getTime() - a.until.getTime())[0];
  return locked ? new SignInLocked(locked.until) : null;
}

/** A right password ends the account's run of failures (the address keeps its count). */
export async function clearAccountFailures(db: Tx, email: string): Promise<void> {
  await db.execute(sql`delete from auth_failures where key = ${limitKey(limits.account(), email)}`);
}
