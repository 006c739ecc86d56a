import { db } from '@/db/client';
import { listAudit } from '@/lib/admin/audit';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { auditQuerySchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';

// GET /api/v1/admin/audit — who did what, newest first; action, target_type, target_id, keyset `before`
export const GET = withAuth('alerts.manage', async ({ req, viewer }) => json(await listAudit(db, viewer, auditQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams)))));
