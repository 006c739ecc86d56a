import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { DigestFrequency, Role } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { permissionsFor, type Viewer } from '@/lib/auth/permissions';
import { appSecret } from '@/lib/auth/secret';
import { verifyUnsubscribeToken } from '@/lib/auth/unsubscribe-token';
import { DEFAULT_DIGEST, type UnsubscribeResult } from '@/lib/validation/preferences';

type Person = { id: number; email: string; name: string; role: Role; digest_frequency: DigestFrequency | null; digest_hour: number | null };

export const BAD_UNSUBSCRIBE_LINK = 'This unsubscribe link does not work. Change your digest in your notification settings.';
const badLink = () => new ApiError(404, 'Not Found', BAD_UNSUBSCRIBE_LINK);

/**
 * The link is the credential: its token names one person and only the app's secret makes one
 * (lib/auth/unsubscribe-token.ts), so whoever holds it may change that person's digest, nothing else.
 * A malformed or forged token, or a person no longer active, is null.
 */
async function personOf(db: Tx, token: string, lock = false): Promise<Person | null> {
  const userId = verifyUnsubscribeToken(token, appSecret());
  if (userId === null) return null;
  const [person] = await db.execute<Person>(sql`
    select u.id, u.email, u.name, u.role, p.digest_frequency, p.digest_hour
      from users u left join notification_preferences p on p.user_id = u.id
     where u.id = ${userId} and u.is_active
     ${lock ? sql`for update of u` : sql``}`);
  return person ?? null;
}

/** GET /unsubscribe/{token}: whose digest the link turns off, and what it is now; null for a link that does not work. */
export async function describeUnsubscribe(db: Tx, token: string): Promise<{ email: string; frequency: DigestFrequency } | null> {
  const person = await personOf(db, token);
  return person ? { email: person.email, frequency: person.digest_frequency ?? DEFAULT_DIGEST.frequency } : null;
}

/**
 * POST /api/v1/digests/unsubscribe/{token}: the person's digest off (their chosen hour kept), single
 * emails again from then on; audited as the person. Already off: nothing changes (`changed: false`).
 * A link that does not work is 404 and changes nothing.
 */
export async function unsubscribeDigest(db: Tx, token: string): Promise<UnsubscribeResult> {
  return db.transaction(async (tx) => {
    const person = await personOf(tx, token, true);
    if (!person) throw badLink();
    const hour = person.digest_hour ?? DEFAULT_DIGEST.hour;
    const [changed] = await tx.execute<{ user_id: number }>(sql`
      update notification_preferences set digest_frequency = 'off', digest_since = now(), updated_at = now()
       where user_id = ${person.id} and digest_frequency <> 'off'
      returning user_id`);
    if (changed) {
      const self: Viewer = { id: person.id, email: person.email, name: person.name, role: person.role, permissions: permissionsFor(person.role), via: 'session' };
      await recordAudit(tx, self, 'notification_preferences.digest_unsubscribed', { type: 'user', id: person.id }, { from: person.digest_frequency, via: 'unsubscribe_link' });
    }
    return { digest: { frequency: 'off', hour }, changed: Boolean(changed) };
  });
}
