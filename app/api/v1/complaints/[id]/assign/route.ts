import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { assignComplaintToViewer } from '@/lib/complaints/assign';
import { complaintIdSchema } from '@/lib/validation/complaints';

export const dynamic = 'force-dynamic';

// POST /api/v1/complaints/{id}/assign — the viewer takes the complaint (recipients of an alert about it, managers, admins); 404 otherwise, 409 when closed
export const POST = withAuth('alerts.read', async ({ viewer, params }) => {
  return json(await assignComplaintToViewer(db, viewer, complaintIdSchema.parse(params.id)));
});
