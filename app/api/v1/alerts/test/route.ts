import { db } from '@/db/client';
import { sendTestDeliveries } from '@/lib/delivery/test-send';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { deliveryTestSchema } from '@/lib/validation/delivery-test';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/test — admin: send a test message through the given channels now; per-channel outcome
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => {
  const input = deliveryTestSchema.parse(await readJson(req));
  return json(await sendTestDeliveries(db, viewer, input));
});
