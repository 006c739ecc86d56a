import { db } from '@/db/client';
import { getAlert } from '@/lib/alerts/detail';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { alertIdSchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/{id} — the alert with the viewer's state, timeline, deliveries and resource (404 unless a recipient or admin)
export const GET = withAuth('alerts.read', async ({ viewer, params }) => json(await getAlert(db, viewer, alertIdSchema.parse(params.id))));
