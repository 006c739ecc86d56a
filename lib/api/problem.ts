import { z } from 'zod';

/** An error the API reports as RFC 9457 problem+json with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what = 'Resource') => new ApiError(404, 'Not Found', `${what} not found`);
export const conflict = (detail: string) => new ApiError(409, 'Conflict', detail);

/** A response as plain data: what the routes wrap in a Response and the production server's front door writes to the socket as it is. */
export type PlainResponse = { status: number; headers: Record<string, string>; body: string };

/** Below this a body goes out as it is: gzip costs more than it saves (and the compression middleware's own threshold). */
const COMPRESS_MIN_BYTES = 1024;

/**
 * A small body (counts, one alert, a problem) is marked `no-transform`, which Next's compression
 * honours: streamed to it without a length, it would gzip every body, and on an API answering a few
 * hundred bytes that costs ~20 % of a server's requests per second. Larger bodies (lists, pages) are
 * still compressed.
 */
export function toResponse(res: PlainResponse): Response {
  const small = Buffer.byteLength(res.body) < COMPRESS_MIN_BYTES;
  const headers = small ? { ...res.headers, 'cache-control': [res.headers['cache-control'], 'no-transform'].filter(Boolean).join(', ') } : res.headers;
  return new Response(res.body, { status: res.status, headers });
}

export function plainProblem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): PlainResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra }),
  };
}

export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  return toResponse(plainProblem(status, title, detail, extra));
}

export function plainProblemFromError(err: unknown): PlainResponse {
  if (err instanceof ApiError) return plainProblem(err.status, err.title, err.detail, err.extra);
  if (err instanceof z.ZodError) {
    return plainProblem(422, 'Unprocessable Content', 'The request did not match the schema', {
      errors: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    });
  }
  if (databaseUnavailable(err)) {
    const res = plainProblem(503, 'Service Unavailable', 'The database is not reachable right now; try again shortly');
    res.headers['retry-after'] = String(RETRY_AFTER_SECONDS);
    return res;
  }
  console.error('[api] unexpected error', err);
  return plainProblem(500, 'Internal Server Error', 'Something went wrong on our side; it has been logged');
}

export const problemFromError = (err: unknown): Response => toResponse(plainProblemFromError(err));

export function plainJson(body: unknown, status = 200, headers: Record<string, string> = {}): PlainResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response => toResponse(plainJson(body, status, headers));

export const noContent = () => new Response(null, { status: 204 });

const RETRY_AFTER_SECONDS = 5;
// postgres.js's own connection errors, and the socket's
const CONNECTION_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE: connection exceptions (08…), the server shutting down or starting (57P01–57P03), no free connection slots
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Whether an error means the database cannot be reached or is going away: the request may succeed later (503). */
export function databaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  }
  return false;
}
