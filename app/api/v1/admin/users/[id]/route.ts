import { db } from '@/db/client';
import { updateUser } from '@/lib/admin/users';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { pathIdSchema } from '@/lib/validation/ids';
import { updateUserSchema } from '@/lib/validation/users';

export const dynamic = 'force-dynamic';

const userId = pathIdSchema('User');

// PATCH /api/v1/admin/users/{id} — name, role, manager_id, active; answers the person as they are now
export const PATCH = withAuth('alerts.manage', async ({ req, viewer, params }) => {
  const id = userId.parse(params.id);
  return json(await updateUser(db, viewer, id, updateUserSchema.parse(await readJson(req))));
});
