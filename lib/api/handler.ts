import { timingSafeEqual } from 'node:crypto';
import { sendDueAfterResponse } from '@/lib/delivery/send-soon';
import { can, missingPermission, type Permission, type Viewer } from '@/lib/auth/permissions';
import { clientAddress } from '@/lib/auth/client-address';
import { refuseToken } from '@/lib/auth/token-limit';
import { bearerToken } from '@/lib/auth/tokens';
import { getViewer } from '@/lib/auth/viewer';
import { ApiError, plainProblem, problem, problemFromError, toResponse } from './problem';
import { checkJsonBody, checkRequestText } from './safe-input';

export type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (args: { req: Request; viewer: Viewer; params: Record<string, string | string[]> }) => Promise<Response>;

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Every authenticated API route goes through here: who is asking (token or session),
 * may they (permission), same-origin for cookie mutations, and errors → problem+json.
 */
export function withAuth(permission: Permission | null, handler: Handler) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    const started = performance.now();
    try {
      const viewer = await getViewer(req);
      if (!viewer) return toResponse(bearerToken(req.headers.get('authorization')) === null ? unauthorized() : await refuseToken(clientAddress(req.headers)));
      if (permission && !can(viewer, permission)) return toResponse(forbidden(permission));
      if (viewer.via === 'session' && !SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
        return problem(403, 'Forbidden', 'Cross-origin request refused');
      }
      const params = (await ctx.params) ?? {};
      checkRequestText(req.url, params);
      const authed = performance.now();
      const res = await handler({ req, viewer, params });
      // a write may have queued messages: where no worker runs here, they go out after the response
      if (!SAFE_METHODS.has(req.method) && res.status < 300) sendDueAfterResponse();
      return withServerTiming(res, started, authed);
    } catch (err) {
      return problemFromError(err);
    }
  };
}

/**
 * Public routes that carry their own credential (a one-time link's token) instead of a session or
 * an API token: errors still answer as problem+json and nothing unexpected leaks.
 */
export function withLinkToken(handler: (args: { req: Request; params: Record<string, string | string[]> }) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      const params = (await ctx.params) ?? {};
      checkRequestText(req.url, params);
      return await handler({ req, params });
    } catch (err) {
      return problemFromError(err);
    }
  };
}

export const unauthorized = () => plainProblem(401, 'Unauthorized', 'Sign in or send Authorization: Bearer <API token>');
export const forbidden = (permission: Permission) => plainProblem(403, 'Forbidden', missingPermission(permission));

/** Where the time went, for browsers' devtools and load tests (no secrets, only durations). */
export const serverTiming = (started: number, authed: number) =>
  `auth;dur=${(authed - started).toFixed(2)}, app;dur=${(performance.now() - authed).toFixed(2)}`;

function withServerTiming(res: Response, started: number, authed: number): Response {
  try {
    res.headers.set('server-timing', serverTiming(started, authed));
  } catch {
    // a response with immutable headers goes out as it is
  }
  return res;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (!origin) return req.headers.get('sec-fetch-site') !== 'cross-site';
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Parse a JSON body with a size cap, counted as it streams in (a chunked body is refused as soon
 * as it passes the cap, not after buffering it): bad JSON is a 400, too big a 413, too deep a 422,
 * text PostgreSQL cannot store a 400 naming the field.
 */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const tooLarge = () => new ApiError(413, 'Content Too Large', `Body over ${maxBytes} bytes`);
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw tooLarge();
  const text = await readCapped(req, maxBytes, tooLarge);
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Bad Request', 'Body is not valid JSON');
  }
  checkJsonBody(body);
  return body;
}

async function readCapped(req: Request, maxBytes: number, tooLarge: () => ApiError): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    // a client that goes away mid-body (a preview cancelled by the next keystroke) is not our error
    const { done, value } = await reader.read().catch(() => {
      throw new ApiError(400, 'Bad Request', 'The request body could not be read: the client went away');
    });
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Cron routes: Authorization: Bearer $CRON_SECRET, compared in constant time. */
export function withCronSecret(handler: (args: { req: Request; params: Record<string, string | string[]> }) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      const secret = process.env.CRON_SECRET;
      const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
      if (!secret || !safeEqual(given, secret)) return problem(401, 'Unauthorized', 'Cron routes need Authorization: Bearer $CRON_SECRET');
      const params = (await ctx.params) ?? {};
      checkRequestText(req.url, params);
      return await handler({ req, params });
    } catch (err) {
      return problemFromError(err);
    }
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
