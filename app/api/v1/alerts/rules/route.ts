import { db } from '@/db/client';
import { listRules } from '@/lib/alerts/rules';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/rules — every alert rule, a JSON array in the seeds' shape (alerts.manage)
export const GET = withAuth('alerts.manage', async ({ viewer }) => json(await listRules(db, viewer)));
