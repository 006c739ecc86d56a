import { db } from '@/db/client';
import { retryDelivery } from '@/lib/admin/deliveries';
import { withAuth } from '@/lib/api/handler';
import { noContent } from '@/lib/api/problem';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';

const deliveryId = pathIdSchema('Delivery');

// POST /api/v1/admin/deliveries/{id}/retry — send a failed, dead or skipped delivery again now; 204
export const POST = withAuth('alerts.manage', async ({ viewer, params }) => {
  await retryDelivery(db, viewer, deliveryId.parse(params.id));
  return noContent();
});
