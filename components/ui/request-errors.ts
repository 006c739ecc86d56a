import { AlertsRequestError } from '@/lib/hooks/alerts-api';

/** A failed request's field errors by field name (for the form), and a sentence for anything else. */
export function requestErrors(err: unknown): { fields: Record<string, string>; message: string | null } {
  if (!(err instanceof AlertsRequestError)) return { fields: {}, message: err ? (err as Error).message : null };
  const fields = Object.fromEntries((err.problem.errors ?? []).map((e) => [e.path, e.message]));
  return { fields, message: Object.keys(fields).length ? null : err.message };
}
