import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { noContent, notFound } from '@/lib/api/problem';
import { revokePersonalToken } from '@/lib/auth/personal-tokens';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/tokens/{id} — revoke one of the viewer's tokens
export const DELETE = withAuth(null, async ({ viewer, params }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Token');
  await revokePersonalToken(db, viewer, id);
  return noContent();
});
