import { db } from '@/db/client';
import { markAllRead } from '@/lib/alerts/bulk';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { markAllReadBodySchema } from '@/lib/validation/alerts';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/mark-all-read — optional body: list filters; marks the viewer's matching unread alerts read → {updated}
export const POST = withAuth('alerts.read', async ({ req, viewer }) => {
  const filter = markAllReadBodySchema.parse(await readJson(req));
  return json(await markAllRead(db, viewer, filter));
});
