import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json, noContent } from '@/lib/api/problem';
import { resendInvite, revokeInvite } from '@/lib/auth/invites';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';

const userId = pathIdSchema('User');

// POST /api/v1/admin/users/{id}/invite — a new invite link (older ones stop working), emailed when SMTP is set
export const POST = withAuth('alerts.manage', async ({ viewer, params }) => json(await resendInvite(db, viewer, userId.parse(params.id))));

// DELETE /api/v1/admin/users/{id}/invite — withdraw the open invite link; 204 (409 when there is none)
export const DELETE = withAuth('alerts.manage', async ({ viewer, params }) => {
  await revokeInvite(db, viewer, userId.parse(params.id));
  return noContent();
});
