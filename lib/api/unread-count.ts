import { db } from '@/db/client';
import { unreadCount } from '@/lib/alerts/inbox';
import { json } from './problem';
import { withAuth } from './handler';

/** GET /api/v1/alerts/unread/count: the viewer's unread, undismissed alerts, in total and by severity. */
export const getUnreadCount = withAuth('alerts.read', async ({ viewer }) => json(await unreadCount(db, viewer)));
