import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { noContent, notFound } from '@/lib/api/problem';
import { revokePersonalToken } from '@/lib/auth/personal-tokens';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/tokens/{id} — revoke one of the viewer's tokens
export const DELETE = withAuth(null, async ({ viewer, params }) => {
  // a token id that cannot exist is simply not one of the viewer's tokens
  const id = pathIdSchema('Token').safeParse(params.id);
  if (!id.success) throw notFound('Token');
  await revokePersonalToken(db, viewer, id.data);
  return noContent();
});
