import { db } from '@/db/client';
import { plainProblem, type PlainResponse } from '@/lib/api/problem';
import { recordSystemAudit } from './audit';
import { limitKey, limits, recordFailures, retryAfterSeconds } from './failure-limit';

/**
 * The answer to a bearer token that resolved to no one: 401, or 429 with Retry-After once the
 * client's address has failed more often than the cap in the window. One statement, on failure only: a valid
 * token costs nothing here (and still works from a limited address: the limit is on guessing).
 * Without a known address there is nothing to count by.
 */
export async function refuseToken(address: string | null): Promise<PlainResponse> {
  if (!address) return unauthorizedToken();
  const limit = limits.token();
  const [count] = await recordFailures(db, [{ limit, key: limitKey(limit, address) }]);
  // the cap is how many failures are answered 401; the ones past it wait for the window to end
  if (!count || count.failures <= limit.max) return unauthorizedToken();
  if (count.failures === limit.max + 1) {
    await recordSystemAudit(db, 'auth.token_address_locked', { type: 'address', id: address }, { failures: count.failures, until: count.until.toISOString() });
  }
  const retryAfter = retryAfterSeconds(count.until);
  const res = plainProblem(429, 'Too Many Requests', `Too many failed token authentications from this address; try again in ${retryAfter} s`);
  return { ...res, headers: { ...res.headers, 'retry-after': String(retryAfter) } };
}

const unauthorizedToken = () => plainProblem(401, 'Unauthorized', 'Sign in or send Authorization: Bearer <API token>');
