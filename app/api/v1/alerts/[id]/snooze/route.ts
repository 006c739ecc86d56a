import { db } from '@/db/client';
import { snoozeAlert } from '@/lib/alerts/snooze';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { alertIdSchema, snoozeBodySchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/{id}/snooze — body {until} | {minutes} | {until_resolved: true}; read until then (404 when not in the inbox)
export const POST = withAuth('alerts.read', async ({ req, viewer, params }) => {
  const id = alertIdSchema.parse(params.id);
  const body = snoozeBodySchema.parse(await readJson(req));
  return json(await snoozeAlert(db, viewer, id, body));
});
