import { db } from '@/db/client';
import { transitionAlert } from '@/lib/alerts/lifecycle';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { alertIdSchema, lifecycleBodySchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/{id}/acknowledge — body {note?}; 200 with the alert's new state, 409 when no longer firing
export const POST = withAuth('alerts.read', async ({ req, viewer, params }) => {
  const id = alertIdSchema.parse(params.id);
  const { note } = lifecycleBodySchema.parse(await readJson(req));
  return json(await transitionAlert(db, viewer, id, 'acknowledge', note));
});
