import { db } from '@/db/client';
import { previewSilence } from '@/lib/admin/silences';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { silencePreviewBodySchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';

// POST /api/v1/admin/silences/preview — the open alerts a silence with this body would match; nothing is saved
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => json(await previewSilence(db, viewer, silencePreviewBodySchema.parse(await readJson(req)))));
