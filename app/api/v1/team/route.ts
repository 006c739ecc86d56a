import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { assignablePeople } from '@/lib/complaints/assignees';

export const dynamic = 'force-dynamic';

// GET /api/v1/team — whom the viewer may assign complaints to: themselves and their active people (alerts.manage: every active person), by name
export const GET = withAuth('alerts.read', async ({ viewer }) => json({ people: await assignablePeople(db, viewer) }));
