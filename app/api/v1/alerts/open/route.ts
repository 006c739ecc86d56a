import { db } from '@/db/client';
import { listOpenAlertGroups } from '@/lib/alerts/open';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { parseSearchParams } from '@/lib/validation/alerts';
import { openAlertsQuerySchema } from '@/lib/validation/open-alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/open — the team view: open alerts the viewer may see, one group per resource, worst first then oldest
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseSearchParams(openAlertsQuerySchema, new URL(req.url).searchParams);
  return json(await listOpenAlertGroups(db, viewer, query));
});
