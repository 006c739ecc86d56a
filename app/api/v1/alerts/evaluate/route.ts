import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { evaluateAllChecks } from '@/lib/checks/registry';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/evaluate — run every enabled check now (alerts.manage); returns what fired per rule
export const POST = withAuth('alerts.manage', async () => json(await evaluateAllChecks(db)));
