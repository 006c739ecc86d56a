import { ApiError, plainProblem, type PlainResponse } from './problem';

/** How deep a JSON body may nest: far beyond any real payload, far below a stack or jsonb limit. */
export const MAX_JSON_DEPTH = 32;

/** Text PostgreSQL cannot store: a NUL, or half of a UTF-16 surrogate pair (invalid UTF-8 once encoded). */
export const isStorableText = (s: string) => !s.includes('\u0000') && s.isWellFormed();

const unstorable = (where: string, field: string) =>
  new ApiError(400, 'Bad Request', `${where} ${field} contains a NUL character or invalid UTF-8`, {
    errors: [{ path: field, message: 'Contains a NUL character or invalid UTF-8', code: 'invalid_text' }],
  });

/**
 * Refuse a parsed JSON body that nests deeper than MAX_JSON_DEPTH (422) or holds text PostgreSQL
 * cannot store, in a value or a key (400 naming the field). Walks with its own stack, so a
 * pathological body cannot overflow ours.
 */
export function checkJsonBody(body: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) throw unstorable('Field', path || '(body)');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new ApiError(422, 'Unprocessable Content', `The body nests deeper than ${MAX_JSON_DEPTH} levels`, {
        errors: [{ path: path || '(body)', message: `Nested deeper than ${MAX_JSON_DEPTH} levels`, code: 'too_deep' }],
      });
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) throw unstorable('Field', childPath);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}

/** Refuse query parameters and path segments PostgreSQL could not store, before any route sees them (400 naming them). */
export function checkRequestText(url: string, params: Record<string, string | string[]>): void {
  for (const [key, value] of new URL(url).searchParams) {
    if (!isStorableText(key) || !isStorableText(value)) throw unstorable('Query parameter', key);
  }
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && !isStorableText(v)) throw unstorable('Path segment', key);
  }
}

/** True when a raw request path has a `%` escape that does not decode (`%zz`, a cut-off or non-UTF-8 sequence). */
export function hasBrokenEscape(rawUrl: string): boolean {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** The answer to a request whose path does not decode. */
export const brokenEscapeProblem = (): PlainResponse => plainProblem(400, 'Bad Request', 'The request path has a malformed percent-escape');
