import { db } from '@/db/client';
import { listAlerts } from '@/lib/alerts/inbox';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { parseListAlertsQuery } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts — the viewer's inbox, newest first, paged (page, page_size, status, severity, unread_only)
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseListAlertsQuery(new URL(req.url).searchParams);
  return json(await listAlerts(db, viewer, query));
});
