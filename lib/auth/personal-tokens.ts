import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { apiTokens, auditLog } from '@/db/schema';
import { ApiError, notFound } from '@/lib/api/problem';
import type { CreateTokenInput } from '@/lib/validation/tokens';
import { auditActorType, type Viewer } from './permissions';
import { createApiToken } from './tokens';

const tokenJson = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  token_prefix: t.tokenPrefix,
  scopes: t.scopes,
  created_at: t.createdAt.toISOString(),
  last_used_at: t.lastUsedAt?.toISOString() ?? null,
  expires_at: t.expiresAt?.toISOString() ?? null,
});

/** The viewer's own live tokens (never the secret: only its hash is stored). */
export async function listPersonalTokens(db: Tx, viewer: Viewer) {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return { tokens: rows.map(tokenJson) };
}

/** A token can carry only permissions its owner has; tokens cannot mint tokens. */
export async function createPersonalToken(db: Tx, viewer: Viewer, input: CreateTokenInput) {
  if (viewer.via !== 'session') throw new ApiError(403, 'Forbidden', 'API tokens are created from a signed-in session');
  const missing = input.scopes.filter((s) => !viewer.permissions.includes(s));
  if (missing.length) throw new ApiError(403, 'Forbidden', `You do not have: ${missing.join(', ')}`);
  return db.transaction(async (tx) => {
    const expiresAt = input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null;
    const { id, token } = await createApiToken(tx, viewer.id, { name: input.name, scopes: input.scopes, expiresAt });
    await tx.insert(auditLog).values({ actorId: viewer.id, actorType: 'user', action: 'api_token.created', targetType: 'api_token', targetId: String(id), details: { name: input.name, scopes: input.scopes } });
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id));
    return { ...tokenJson(row!), token };
  });
}

export async function revokePersonalToken(db: Tx, viewer: Viewer, id: number) {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!rows.length) throw notFound('Token');
    await tx.insert(auditLog).values({ actorId: viewer.id, actorType: auditActorType(viewer), action: 'api_token.revoked', targetType: 'api_token', targetId: String(id) });
  });
}
