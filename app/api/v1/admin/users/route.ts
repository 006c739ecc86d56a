import { db } from '@/db/client';
import { addUser, listUsers } from '@/lib/admin/users';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { createUserSchema, listUsersQuerySchema } from '@/lib/validation/users';

export const dynamic = 'force-dynamic';

// GET /api/v1/admin/users — people by name: q (name or email), role, active; cursor → next_cursor
export const GET = withAuth('alerts.manage', async ({ req, viewer }) => {
  const query = listUsersQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(await listUsers(db, viewer, query));
});

// POST /api/v1/admin/users — add a person; 201 with their one-time invite link (a taken email is 409)
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => json(await addUser(db, viewer, createUserSchema.parse(await readJson(req))), 201));
