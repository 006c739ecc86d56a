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

export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  });
}

export function problemFromError(err: unknown): Response {
  if (err instanceof ApiError) return problem(err.status, err.title, err.detail, err.extra);
  if (err instanceof z.ZodError) {
    return problem(422, 'Unprocessable Content', 'The request did not match the schema', {
      errors: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    });
  }
  console.error('[api] unexpected error', err);
  return problem(500, 'Internal Server Error', 'Something went wrong on our side; it has been logged');
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export const noContent = () => new Response(null, { status: 204 });
