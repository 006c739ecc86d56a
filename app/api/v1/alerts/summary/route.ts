import { db } from '@/db/client';
import { alertSummary } from '@/lib/alerts/summary';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { parseSearchParams, summaryQuerySchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/summary — counts by status, severity and alert type over a from/to window (default 7 days); admins: scope=all
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseSearchParams(summaryQuerySchema, new URL(req.url).searchParams);
  return json(await alertSummary(db, viewer, query));
});
