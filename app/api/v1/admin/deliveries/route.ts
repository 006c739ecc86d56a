import { db } from '@/db/client';
import { listDeliveries } from '@/lib/admin/deliveries';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { deliveriesQuerySchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';

// GET /api/v1/admin/deliveries — every delivery, newest first; status, channel, keyset `before`
export const GET = withAuth('alerts.manage', async ({ req, viewer }) => {
  const query = deliveriesQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(await listDeliveries(db, viewer, query));
});
