import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { getProfile, updateProfile } from '@/lib/auth/account';
import { updateProfileSchema } from '@/lib/validation/account';

export const dynamic = 'force-dynamic';

// GET /api/v1/me — who the caller is: name, email, role, time zone, manager
export const GET = withAuth('alerts.read', async ({ viewer }) => json(await getProfile(db, viewer)));

// PATCH /api/v1/me — change one's own name
export const PATCH = withAuth('alerts.read', async ({ req, viewer }) => {
  const input = updateProfileSchema.parse(await readJson(req));
  return json(await updateProfile(db, viewer, input));
});
