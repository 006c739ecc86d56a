import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '@/db/schema';
import { pathIdSchema } from './ids';

// query strings carry 'true'/'1'; JSON bodies may carry a real boolean
const booleanParam = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const isoDateTime = z.iso.datetime({ offset: true });
const positiveId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const DAY = 86_400_000;

// ── keyset cursor ───────────────────────────────────────────────────────────

export const CURSOR_START = 'start';
const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A position in a list ordered by (created_at desc, id desc); `ts` keeps PostgreSQL's microseconds. */
export type Cursor = { scope: 'inbox' | 'all'; ts: string; id: number };

// btoa/atob rather than Buffer: this module is shared with browser code (forms, hooks)
const toBase64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (s: string) => {
  try {
    return atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return '';
  }
};

/** Opaque to clients: base64url of scope|created_at|id. */
export function encodeCursor(c: Cursor): string {
  return toBase64Url(`${c.scope === 'all' ? 'a' : 'i'}|${c.ts}|${c.id}`);
}

export function decodeCursor(raw: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  const [scope, ts, id, ...rest] = fromBase64Url(raw).split('|');
  if (rest.length || (scope !== 'a' && scope !== 'i') || !ts || !CURSOR_TS.test(ts) || Number.isNaN(Date.parse(ts))) return null;
  if (!id || !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) return null;
  return { scope: scope === 'a' ? 'all' : 'inbox', ts, id: Number(id) };
}

/**
 * The notification center's tabs. Each is about the viewer's own inbox row:
 *   all          — not dismissed (the default, as the seeds' list)
 *   unread       — not dismissed and not read
 *   acknowledged — not dismissed, alert acknowledged
 *   resolved     — not dismissed, alert resolved
 *   dismissed    — dismissed
 *   snoozed      — not dismissed and snoozed
 */
export const ALERT_VIEWS = ['all', 'unread', 'acknowledged', 'resolved', 'dismissed', 'snoozed'] as const;
export type AlertView = (typeof ALERT_VIEWS)[number];

/** inbox: the viewer's own alerts; all: every alert (admins only, else 403). */
export const ALERT_SCOPES = ['inbox', 'all'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

/** The filters shared by the list, history, bulk and mark-all-read (plain shape: refinements go on the objects built from it). */
const filterShape = {
  view: z.enum(ALERT_VIEWS).optional().describe('Tab; default all (not dismissed)'),
  scope: z.enum(ALERT_SCOPES).optional().describe('inbox (default) or all (admins only)'),
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  alert_type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/).optional(),
  rule_id: positiveId.optional(),
  resource: z
    .string()
    .regex(/^[^:\s]{1,50}:\S.{0,99}$/, 'resource is type:id')
    .optional()
    .describe('type:id, e.g. complaint:42; or give resource_type / resource_id'),
  resource_type: z.string().min(1).max(50).optional(),
  resource_id: z.string().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Case-insensitive text search in title and message'),
  from: isoDateTime.optional().describe('Received at or after (inclusive)'),
  to: isoDateTime.optional().describe('Received before (exclusive)'),
};

const pagingShape = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  // keyset paging for deep pages: "start" opens it, then pass back each answer's next_cursor
  cursor: z
    .string()
    .max(200)
    .refine((c) => c === CURSOR_START || decodeCursor(c) !== null, 'Invalid cursor')
    .optional()
    .describe('Keyset paging: "start" for the first page, then the previous answer\'s next_cursor'),
};

type FilterFields = { [K in keyof typeof filterShape]?: unknown } & { page?: unknown; cursor?: unknown };

function checkFilters(f: FilterFields, ctx: z.RefinementCtx) {
  if (f.resource !== undefined && (f.resource_type !== undefined || f.resource_id !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['resource'], message: 'Give resource or resource_type/resource_id, not both' });
  }
  if (f.resource_id !== undefined && f.resource_type === undefined) {
    ctx.addIssue({ code: 'custom', path: ['resource_id'], message: 'resource_id needs resource_type' });
  }
  if (typeof f.from === 'string' && typeof f.to === 'string' && Date.parse(f.from) >= Date.parse(f.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  }
}

function checkPaging(f: FilterFields & { page?: number }, ctx: z.RefinementCtx) {
  checkFilters(f, ctx);
  if (f.cursor !== undefined && f.page !== undefined && f.page !== 1) {
    ctx.addIssue({ code: 'custom', path: ['page'], message: 'Give page or cursor, not both' });
  }
}

/** GET /api/v1/alerts query: snake_case as in the contract; also the notification center's filters. */
export const listAlertsQuerySchema = z
  .object({ ...filterShape, ...pagingShape, unread_only: booleanParam.default(false) })
  .superRefine(checkPaging);
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

/** GET /api/v1/alerts/history: the whole inbox, dismissed and resolved included; no tabs. */
const { view: _view, ...historyFilterShape } = filterShape;
export const historyQuerySchema = z.object({ ...historyFilterShape, ...pagingShape }).superRefine(checkPaging);
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** A filter in a JSON body (bulk, mark-all-read). Strict: a misspelt key must not widen an action to everything. */
export const alertFilterSchema = z.strictObject({ ...filterShape, unread_only: booleanParam.optional() }).superRefine(checkFilters);
export type AlertFilter = z.infer<typeof alertFilterSchema>;

/** The parts of a list query that select rows (everything but paging). */
export type AlertSelection = Omit<AlertFilter, 'view'> & { view?: AlertView | 'history' };

/** GET /api/v1/alerts/summary: a window (default the last 7 days, at most 400 days). */
export const summaryQuerySchema = z
  .object({ from: filterShape.from, to: filterShape.to, scope: filterShape.scope })
  .superRefine((f, ctx) => {
    checkFilters(f, ctx);
    const from = f.from ? Date.parse(f.from) : undefined;
    const to = f.to ? Date.parse(f.to) : undefined;
    if ((to ?? Date.now()) - (from ?? (to ?? Date.now()) - 7 * DAY) > 400 * DAY) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'The window is at most 400 days' });
    }
  });
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/** Parse URL search params; an empty value (`?status=`) counts as not given, as HTML forms send it. */
export function parseSearchParams<S extends z.ZodType>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== '') raw[key] = value;
  return schema.parse(raw);
}

export const parseListAlertsQuery = (params: URLSearchParams): ListAlertsQuery => parseSearchParams(listAlertsQuerySchema, params);

/** An alert id in a path: a positive integer that fits a JS number, else a 422 (never a 500 from the database). */
export const alertIdSchema = pathIdSchema('Alert');
export type AlertId = z.infer<typeof alertIdSchema>;

// ── actions ─────────────────────────────────────────────────────────────────

/** POST /api/v1/alerts/{id}/acknowledge and /resolve: an optional note for the timeline. */
export const lifecycleBodySchema = z.strictObject({ note: z.string().trim().min(1).max(1000).optional() });
export type LifecycleBody = z.infer<typeof lifecycleBodySchema>;

const MAX_SNOOZE_MINUTES = 366 * 24 * 60;

/** POST /api/v1/alerts/{id}/snooze: exactly one of until (ISO), minutes, until_resolved: true. */
export const snoozeBodySchema = z
  .strictObject({
    until: isoDateTime.optional(),
    minutes: z.number().int().min(1).max(MAX_SNOOZE_MINUTES).optional(),
    until_resolved: z.literal(true).optional(),
  })
  .superRefine((b, ctx) => {
    const given = [b.until, b.minutes, b.until_resolved].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'Give exactly one of until, minutes, until_resolved' });
    if (b.until !== undefined) {
      const ms = Date.parse(b.until) - Date.now();
      if (ms <= 0) ctx.addIssue({ code: 'custom', path: ['until'], message: 'until must be in the future' });
      if (ms > MAX_SNOOZE_MINUTES * 60_000) ctx.addIssue({ code: 'custom', path: ['until'], message: 'until is at most 366 days ahead' });
    }
  });
export type SnoozeBody = z.infer<typeof snoozeBodySchema>;

export const BULK_ACTIONS = ['read', 'unread', 'dismiss', 'undismiss', 'snooze', 'unsnooze', 'acknowledge', 'resolve'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_IDS = 500;

/** POST /api/v1/alerts/bulk: ids or a filter (exactly one). */
export const bulkBodySchema = z
  .strictObject({
    action: z.enum(BULK_ACTIONS),
    ids: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).min(1).max(MAX_BULK_IDS).optional(),
    filter: alertFilterSchema.optional(),
    note: z.string().trim().min(1).max(1000).optional(),
    // with action "snooze": for how long, as POST /api/v1/alerts/{id}/snooze takes it
    snooze: snoozeBodySchema.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.ids === undefined) === (b.filter === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Give ids or filter (exactly one)' });
    if (b.filter?.scope === 'all' && b.action !== 'acknowledge' && b.action !== 'resolve') {
      ctx.addIssue({ code: 'custom', path: ['filter', 'scope'], message: `${b.action} acts on your own inbox only` });
    }
    if ((b.action === 'snooze') !== (b.snooze !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['snooze'], message: 'snooze is given with action "snooze", and only then' });
    }
  });
export type BulkBody = z.infer<typeof bulkBodySchema>;

/** POST /api/v1/alerts/mark-all-read: an optional filter (the body itself), read/unread-state only. */
export const markAllReadBodySchema = alertFilterSchema.refine((f) => f.scope !== 'all', {
  path: ['scope'],
  message: 'mark-all-read acts on your own inbox only',
});
