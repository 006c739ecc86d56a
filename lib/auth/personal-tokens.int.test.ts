import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { GET as listRoute } from '@/app/api/v1/tokens/route';
import { createPersonalToken, revokePersonalToken } from './personal-tokens';
import { hashToken, viewerFromToken } from './tokens';
import { asViewer, createUser } from '@/test/fixtures';

const ctx = { params: Promise.resolve({}) };

describe('personal API tokens', () => {
  it('are shown once, stored hashed, and authenticate as their owner with their scopes', async () => {
    const admin = await createUser('admin');
    const created = await createPersonalToken(db, asViewer(admin), { name: 'ci', scopes: ['alerts.read'], expires_in_days: 30 });
    expect(created.token).toMatch(/^oat_/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const viewer = await viewerFromToken(db, created.token);
    expect(viewer).toMatchObject({ id: admin.id, via: 'token', permissions: ['alerts.read'] });

    const res = await listRoute(new Request('http://x/api/v1/tokens', { headers: { authorization: `Bearer ${created.token}` } }), ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tokens: { id: number; token?: string }[] };
    expect(body.tokens.map((t) => t.id)).toContain(created.id);
    expect(body.tokens.every((t) => t.token === undefined)).toBe(true);

    await revokePersonalToken(db, asViewer(admin), created.id);
    expect(await viewerFromToken(db, created.token)).toBeNull();
  });

  it('cannot carry a permission the owner lacks, and unknown tokens are 401', async () => {
    const staff = await createUser('staff');
    await expect(createPersonalToken(db, asViewer(staff), { name: 'x', scopes: ['alerts.manage'], expires_in_days: 1 })).rejects.toMatchObject({ status: 403 });
    const res = await listRoute(new Request('http://x/api/v1/tokens', { headers: { authorization: 'Bearer oat_nope' } }), ctx);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('expired tokens do not authenticate', async () => {
    const staff = await createUser('staff');
    const created = await createPersonalToken(db, asViewer(staff), { name: 'old', scopes: ['alerts.read'], expires_in_days: 1 });
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, created.id));
    expect(await viewerFromToken(db, created.token)).toBeNull();
  });
});
