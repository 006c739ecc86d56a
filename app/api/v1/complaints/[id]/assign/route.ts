import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { assignComplaint } from '@/lib/complaints/assign';
import { assignComplaintSchema, complaintIdSchema } from '@/lib/validation/complaints';

export const dynamic = 'force-dynamic';

// POST /api/v1/complaints/{id}/assign — {assignee_id?}: to the viewer (no body) or to one of their people (alerts.manage: anyone active); 403 outside that, 404 for a complaint they cannot see, 409 when closed, 422 for an unknown or deactivated person
export const POST = withAuth('alerts.read', async ({ req, viewer, params }) => {
  const id = complaintIdSchema.parse(params.id);
  return json(await assignComplaint(db, viewer, id, assignComplaintSchema.parse(await readJson(req))));
});
