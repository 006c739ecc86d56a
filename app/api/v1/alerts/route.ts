import { db } from '@/db/client';
import { listAlertsPage } from '@/lib/alerts/inbox';
import { raiseAlert, raiseAlertSchema } from '@/lib/alerts/raise';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { parseListAlertsQuery } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts — the viewer's inbox (admins: scope=all), newest first; filters and tabs, page or cursor paging
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseListAlertsQuery(new URL(req.url).searchParams);
  return json(await listAlertsPage(db, viewer, query));
});

// POST /api/v1/alerts — raise an alert directly (alerts.broadcast); 201 new, 200 folded into an open one
export const POST = withAuth('alerts.broadcast', async ({ req, viewer }) => {
  const input = raiseAlertSchema.parse(await readJson(req));
  const result = await raiseAlert(db, viewer, input);
  return json(result, result.created ? 201 : 200);
});
