import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { changePassword } from '@/lib/auth/account';
import { changePasswordSchema } from '@/lib/validation/account';

export const dynamic = 'force-dynamic';

// POST /api/v1/me/password — change one's own password; every other session ends
export const POST = withAuth('alerts.read', async ({ req, viewer }) => {
  await changePassword(db, viewer, changePasswordSchema.parse(await readJson(req)));
  return new Response(null, { status: 204 });
});
