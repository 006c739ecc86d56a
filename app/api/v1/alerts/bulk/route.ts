import { db } from '@/db/client';
import { bulkUpdate } from '@/lib/alerts/bulk';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { bulkBodySchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/bulk — {action, ids | filter, note?} → {updated, skipped}; scoped to the viewer's inbox (admins: any alert for acknowledge/resolve)
export const POST = withAuth('alerts.read', async ({ req, viewer }) => {
  const body = bulkBodySchema.parse(await readJson(req));
  return json(await bulkUpdate(db, viewer, body));
});
