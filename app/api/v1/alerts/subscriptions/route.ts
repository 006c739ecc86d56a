import { db } from '@/db/client';
import { listSubscriptions, updateSubscriptions } from '@/lib/alerts/subscriptions';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { putSubscriptionsSchema } from '@/lib/validation/subscriptions';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/subscriptions — every known alert type with the viewer's choice or the default
export const GET = withAuth('alerts.read', async ({ viewer }) => json(await listSubscriptions(db, viewer)));

// PUT /api/v1/alerts/subscriptions — upsert {subscriptions: [...]}; unknown alert types → 422; answers the full list
export const PUT = withAuth('alerts.read', async ({ req, viewer }) => {
  const input = putSubscriptionsSchema.parse(await readJson(req));
  return json(await updateSubscriptions(db, viewer, input));
});
