import { db } from '@/db/client';
import { unreadCount } from '@/lib/alerts/inbox';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/unread/count — the viewer's unread, undismissed alerts, in total and by severity
export const GET = withAuth('alerts.read', async ({ viewer }) => json(await unreadCount(db, viewer)));
