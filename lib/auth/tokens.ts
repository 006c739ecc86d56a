import { createHash, randomBytes } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { apiTokens, type Role } from '@/db/schema';
import { permissionsFor, type Permission, type Viewer } from './permissions';

const PREFIX = 'oat_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Create a personal API token; the plain token is returned once and only its hash is stored. */
export async function createApiToken(
  db: Tx,
  userId: number,
  input: { name: string; scopes: Permission[]; expiresAt?: Date | null },
): Promise<{ id: number; token: string }> {
  const token = PREFIX + randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId,
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, PREFIX.length + 6),
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
    })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/** What a token resolves to: the `activeTokenSql` row. */
type TokenRow = { token_id: number; scopes: string[]; stamp: boolean; id: number; email: string; name: string; role: Role };

/** The token of an `Authorization: Bearer …` header, or null when the request carries none. */
export function bearerToken(authorization: string | null | undefined): string | null {
  return authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : null;
}

/** A token that cannot exist is refused without a query. */
const plausibleToken = (token: string) => token.startsWith(PREFIX) && token.length <= 200;

/**
 * The owner of an unrevoked, unexpired token whose user is active: one indexed lookup by hash,
 * written as plain SQL because every API request by token runs it. `stamp` says last-used is due.
 */
function activeTokenSql(token: string): SQL {
  return sql`
    select t.id as token_id, t.scopes, (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stamp,
           u.id, u.email, u.name, u.role
      from api_tokens t join users u on u.id = t.user_id
     where t.token_hash = ${hashToken(token)} and u.is_active and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > now())`;
}

/** The viewer of a resolved token; last-used is informational, refreshed at most once a minute off the request path. */
function tokenViewer(db: Tx, row: TokenRow): Viewer {
  if (row.stamp) {
    void db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, row.token_id))
      .catch(() => {});
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    permissions: permissionsFor(row.role, row.scopes),
    via: 'token',
    tokenId: row.token_id,
  };
}

/** The viewer behind a bearer token, or null when it is unknown, revoked or expired. */
export async function viewerFromToken(db: Tx, token: string): Promise<Viewer | null> {
  if (!plausibleToken(token)) return null;
  const [row] = await db.execute<TokenRow>(activeTokenSql(token));
  return row ? tokenViewer(db, row) : null;
}
