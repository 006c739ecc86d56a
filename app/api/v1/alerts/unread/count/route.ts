import { getUnreadCount } from '@/lib/api/unread-count';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/unread/count — the viewer's unread, undismissed alerts, in total and by severity
export const GET = getUnreadCount;
