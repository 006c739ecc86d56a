import { NextResponse, type NextRequest } from 'next/server';
import { toResponse } from '@/lib/api/problem';
import { brokenEscapeProblem, hasBrokenEscape } from '@/lib/api/safe-input';

/**
 * Runs before Next's router on every request, on any host (a bare `next start`, Vercel), where
 * lib/api/front-door.ts does not: a path whose `%` escapes do not decode would make the router
 * throw (500 text/plain); it is answered as a 400 problem+json here, by the front door's own check.
 */
export function proxy(req: NextRequest) {
  return hasBrokenEscape(req.nextUrl.pathname) ? toResponse(brokenEscapeProblem()) : NextResponse.next();
}

export const config = {
  // not the build's static files
  matcher: ['/((?!_next/static|_next/image).*)'],
};
