import type { IncomingMessage, ServerResponse } from 'node:http';
import { stampClientAddress } from '@/lib/auth/client-address';
import { brokenEscapeProblem, hasBrokenEscape } from './safe-input';

/**
 * How the production server (scripts/serve.ts) answers every request: the peer address is
 * recorded, a path whose `%` escapes do not decode is refused, and everything else goes to Next
 * (`handle`), the same routes as on any other host.
 */
export function frontDoor(handle: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return (req: IncomingMessage, res: ServerResponse) => {
    // the peer address, for the failed sign-in and token limits; a client-sent value never survives
    stampClientAddress(req);
    if (!refuseBrokenEscape(req, res)) void handle(req, res);
  };
}

/**
 * A path whose escapes do not decode makes Next's router throw while decoding route params (a
 * 500 text/plain before any handler runs); answered here instead, as a 400 problem+json.
 */
export function refuseBrokenEscape(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.url || !hasBrokenEscape(req.url)) return false;
  const { status, headers, body } = brokenEscapeProblem();
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}
