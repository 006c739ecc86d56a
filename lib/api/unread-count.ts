import { db } from '@/db/client';
import { unreadCount, unreadCountByToken } from '@/lib/alerts/inbox';
import { can } from '@/lib/auth/permissions';
import { bearerToken } from '@/lib/auth/tokens';
import { forbidden, unauthorized, withAuth, withServerTiming, type RouteContext } from './handler';
import { json, problemFromError } from './problem';

const bySession = withAuth('alerts.read', async ({ viewer }) => json(await unreadCount(db, viewer)));

/**
 * GET /api/v1/alerts/unread/count: the viewer's unread, undismissed alerts, in total and by
 * severity. It is the most polled endpoint, so a bearer-token caller is answered by one statement
 * that resolves the token and counts together (the same checks as every other route: active
 * token, then the alerts.read permission); a session goes the usual way. The production server
 * also answers token callers here without Next's router (lib/api/hot-path.ts).
 */
export async function getUnreadCount(req: Request, ctx: RouteContext): Promise<Response> {
  const token = bearerToken(req.headers.get('authorization'));
  if (token === null) return bySession(req, ctx);
  const started = performance.now();
  try {
    const found = await unreadCountByToken(db, token);
    if (!found) return unauthorized();
    if (!can(found.viewer, 'alerts.read')) return forbidden('alerts.read');
    // token and count come from one statement: all of it is reported as app time
    return withServerTiming(json(found.counts), started, started);
  } catch (err) {
    return problemFromError(err);
  }
}
