import { db } from '@/db/client';
import { getPreferences, updatePreferences } from '@/lib/alerts/preferences';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { putPreferencesSchema } from '@/lib/validation/preferences';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/preferences — the viewer's delivery preferences (defaults where none were saved)
export const GET = withAuth('alerts.read', async ({ viewer }) => json(await getPreferences(db, viewer)));

// PUT /api/v1/alerts/preferences — change the given fields; answers all of them
export const PUT = withAuth('alerts.read', async ({ req, viewer }) => {
  const input = putPreferencesSchema.parse(await readJson(req));
  return json(await updatePreferences(db, viewer, input));
});
