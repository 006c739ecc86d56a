import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { createPersonalToken, listPersonalTokens } from '@/lib/auth/personal-tokens';
import { createTokenSchema } from '@/lib/validation/tokens';

export const dynamic = 'force-dynamic';

// GET /api/v1/tokens — the viewer's personal API tokens
export const GET = withAuth(null, async ({ viewer }) => json(await listPersonalTokens(db, viewer)));

// POST /api/v1/tokens — create one; the plain token is in this response only
export const POST = withAuth(null, async ({ req, viewer }) => {
  const input = createTokenSchema.parse(await readJson(req));
  return json(await createPersonalToken(db, viewer, input), 201);
});
