import { db } from '@/db/client';
import { undismiss } from '@/lib/alerts/inbox';
import { withAuth } from '@/lib/api/handler';
import { noContent } from '@/lib/api/problem';
import { alertIdSchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// PUT /api/v1/alerts/{id}/undismiss — put a dismissed alert back in the viewer's inbox (204; 404 when it is not in their inbox)
export const PUT = withAuth('alerts.read', async ({ viewer, params }) => {
  await undismiss(db, viewer, alertIdSchema.parse(params.id));
  return noContent();
});
