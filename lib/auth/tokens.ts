import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
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

/** The viewer behind a bearer token, or null when it is unknown, revoked or expired. */
export async function viewerFromToken(db: Tx, token: string): Promise<Viewer | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        eq(users.isActive, true),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!row) return null;
  // last-used is informational: refresh it at most once a minute, off the request path
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    void db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, row.tokenId))
      .catch(() => {});
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    permissions: permissionsFor(row.role, row.scopes),
    via: 'token',
    tokenId: row.tokenId,
  };
}
