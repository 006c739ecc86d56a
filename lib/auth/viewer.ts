import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import type { Session } from 'next-auth';
import { db } from '@/db/client';
import { auth } from './config';
import { can, type Permission, type Viewer } from './permissions';
import { sessionClaims } from './session-cookie';
import { bearerToken, viewerFromToken } from './tokens';
import { viewerFromUserId } from './users';

/** The viewer of a request: a personal API token (Authorization: Bearer) or the session cookie. */
export async function getViewer(req?: Request): Promise<Viewer | null> {
  const h = req ? req.headers : await headers();
  const token = bearerToken(h.get('authorization'));
  if (token !== null) return viewerFromToken(db, token);
  // the cookie read directly when it is a plain one (lib/auth/session-cookie.ts), else by Auth.js
  let claims = await sessionClaims(h);
  if (claims === undefined) {
    const session = req ? await sessionOfRequest(req) : await sessionOrNull();
    claims = session?.user ?? null;
  }
  const id = Number(claims?.id);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return viewerFromUserId(db, id, claims?.sv ?? 0, claims?.sid ?? '');
}

/**
 * The Auth.js session of an API request, read from the request's own cookie (Auth.js's API-route
 * form): the same check whatever calls the handler. A refreshed cookie Auth.js may offer is not
 * passed on; sessions are fixed-length (lib/auth/config.ts).
 */
async function sessionOfRequest(req: Request): Promise<Session | null> {
  const readSession = auth as unknown as (args: { req: Request; res: { headers: Headers } }) => Promise<Session | null>;
  return readSession({ req, res: { headers: new Headers() } });
}

/** The Auth.js session of a page or server action; outside a Next request scope there is none. */
async function sessionOrNull() {
  try {
    return await auth();
  } catch (err) {
    if (err instanceof Error && /outside a request scope/i.test(err.message)) return null;
    throw err;
  }
}

/** For pages: the signed-in viewer, or a redirect to the login page. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect('/login');
  return viewer;
}

/** For pages behind a permission: the viewer, a redirect to sign in, or a 404 (the page does not exist for them). */
export async function requirePageViewer(permission: Permission): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!can(viewer, permission)) notFound();
  return viewer;
}
