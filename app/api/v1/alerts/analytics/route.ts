import { db } from '@/db/client';
import { alertAnalytics, analyticsQuerySchema } from '@/lib/analytics/analytics';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { parseSearchParams } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/analytics — load, response and noise per hour, day or week: everyone's for
// alerts.manage (or one lead's team), the viewer's own team for anyone else
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseSearchParams(analyticsQuerySchema, new URL(req.url).searchParams);
  return json(await alertAnalytics(db, viewer, query));
});
