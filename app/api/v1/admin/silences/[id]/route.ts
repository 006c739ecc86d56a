import { db } from '@/db/client';
import { expireSilence } from '@/lib/admin/silences';
import { withAuth } from '@/lib/api/handler';
import { noContent } from '@/lib/api/problem';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';

const silenceId = pathIdSchema('Silence');

// DELETE /api/v1/admin/silences/{id} — end the silence now; 204 (409 when it already ended)
export const DELETE = withAuth('alerts.manage', async ({ viewer, params }) => {
  await expireSilence(db, viewer, silenceId.parse(params.id));
  return noContent();
});
