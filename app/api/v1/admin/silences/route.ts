import { db } from '@/db/client';
import { createSilence, listSilences } from '@/lib/admin/silences';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { createSilenceSchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';

// GET /api/v1/admin/silences — active and scheduled silences, then those ended in the last 7 days
export const GET = withAuth('alerts.manage', async ({ viewer }) => json(await listSilences(db, viewer)));

// POST /api/v1/admin/silences — silence what matches, until ends_at or for duration_minutes; 201
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => json(await createSilence(db, viewer, createSilenceSchema.parse(await readJson(req))), 201));
