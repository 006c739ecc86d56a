import { db } from '@/db/client';
import { listHistory } from '@/lib/alerts/history';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { historyQuerySchema, parseSearchParams } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/history — the viewer's whole inbox, dismissed and resolved included; list filters, page or cursor paging
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const query = parseSearchParams(historyQuerySchema, new URL(req.url).searchParams);
  return json(await listHistory(db, viewer, query));
});
