import { db } from '@/db/client';
import { unreadCount, unreadCountByToken } from '@/lib/alerts/inbox';
import { can } from '@/lib/auth/permissions';
import { clientAddress } from '@/lib/auth/client-address';
import { refuseToken } from '@/lib/auth/token-limit';
import { bearerToken } from '@/lib/auth/tokens';
import { forbidden, serverTiming, withAuth, type RouteContext } from './handler';
import { json, plainJson, plainProblemFromError, toResponse, type PlainResponse } from './problem';

const bySession = withAuth('alerts.read', async ({ viewer }) => json(await unreadCount(db, viewer)));

/**
 * GET /api/v1/alerts/unread/count: the viewer's unread, undismissed alerts, in total and by
 * severity. It is the most polled endpoint, so a bearer-token caller is answered by one statement
 * that resolves the token and counts together (the same checks as every other route: active
 * token, then the alerts.read permission); a session goes the usual way.
 */
export async function getUnreadCount(req: Request, ctx: RouteContext): Promise<Response> {
  const token = bearerToken(req.headers.get('authorization'));
  return token === null ? bySession(req, ctx) : toResponse(await unreadCountForToken(token, clientAddress(req.headers)));
}

/**
 * The token branch as plain data. The route wraps it in a Response; the production server's hot
 * path (lib/api/hot-path.ts) writes it to the socket without building a Request or a Response.
 * Never throws: errors come back as problem+json.
 */
export async function unreadCountForToken(token: string, address: string | null): Promise<PlainResponse> {
  const started = performance.now();
  try {
    const found = await unreadCountByToken(db, token);
    if (!found) return await refuseToken(address);
    if (!can(found.viewer, 'alerts.read')) return forbidden('alerts.read');
    // token and count come from one statement: all of it is reported as app time
    return plainJson(found.counts, 200, { 'server-timing': serverTiming(started, started) });
  } catch (err) {
    return plainProblemFromError(err);
  }
}
