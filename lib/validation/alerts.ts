import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '@/db/schema';

const booleanParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** GET /api/v1/alerts query: snake_case as in the contract; also the notification center's filters. */
export const listAlertsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  unread_only: booleanParam.default(false),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

/** Parse URL search params; an empty value (`?status=`) counts as not given, as HTML forms send it. */
export function parseListAlertsQuery(params: URLSearchParams): ListAlertsQuery {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== '') raw[key] = value;
  return listAlertsQuerySchema.parse(raw);
}

/** An alert id in a path: a positive integer that fits a JS number, else a 422 (never a 500 from the database). */
export const alertIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'Alert id must be a positive integer')
  .transform(Number)
  .refine(Number.isSafeInteger, 'Alert id is out of range');
export type AlertId = z.infer<typeof alertIdSchema>;
