import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * The header the production server (scripts/serve.ts) sets to the connection's peer address on
 * every request, replacing any value the client sent; route handlers and server actions cannot
 * see the socket, so they read it from here.
 */
export const CLIENT_ADDRESS_HEADER = 'x-ops-client-address';

/** Record the connection's peer on the request (the production server does it first thing), overwriting what the client sent. */
export function stampClientAddress(req: IncomingMessage): void {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
}

type HeaderSource = Headers | IncomingHttpHeaders;
const header = (headers: HeaderSource, name: string): string | null => {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value.at(-1) : value)?.trim() || null;
};

/**
 * The client's address, for the failed-authentication limits, or null when it is not known.
 * With TRUST_PROXY=1 (behind a proxy or load balancer that sets X-Forwarded-For, e.g. Vercel,
 * nginx's $proxy_add_x_forwarded_for) it is the last X-Forwarded-For hop: the one our proxy
 * added; earlier hops are whatever the client wrote. Otherwise it is the socket's peer as the
 * production server recorded it; forwarded headers are ignored, since anyone can send them.
 */
export function clientAddress(headers: HeaderSource): string | null {
  if (process.env.TRUST_PROXY === '1') {
    const hops = header(headers, 'x-forwarded-for')?.split(',');
    const last = hops?.at(-1)?.trim();
    return (last || header(headers, 'x-real-ip'))?.slice(0, 100) ?? null;
  }
  return header(headers, CLIENT_ADDRESS_HEADER)?.slice(0, 100) ?? null;
}
