import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES, type Severity } from '@/db/schema';

/**
 * GET /api/v1/alerts/open — the team view: open alerts the viewer may see, one group per affected
 * resource. The same names filter the API and the page's URL (`/?severity=error&owner=12`).
 */

const when = z.iso.datetime();
const userRef = z.object({ id: z.number().int(), name: z.string() });
const positiveId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const booleanParam = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

export const OPEN_PAGE_SIZE = 25;

// ── keyset cursor over the group order (worst severity desc, opened_at asc, type, id) ──────────

export type OpenCursor = { worst: number; opened: string; type: string; id: string };
const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

// TextEncoder + btoa rather than Buffer: shared with browser code; resource ids may be any text
const toBase64Url = (s: string) => {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (s: string): string | null => {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
};

/** Opaque to clients: base64url of [worst rank, opened_at with microseconds, group type, group id]. */
export function encodeOpenCursor(c: OpenCursor): string {
  return toBase64Url(JSON.stringify([c.worst, c.opened, c.type, c.id]));
}

export function decodeOpenCursor(raw: string): OpenCursor | null {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(raw)) return null;
  const text = fromBase64Url(raw);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [worst, opened, type, id] = parsed as unknown[];
  if (typeof worst !== 'number' || !Number.isInteger(worst) || worst < 1 || worst > SEVERITIES.length) return null;
  if (typeof opened !== 'string' || !CURSOR_TS.test(opened) || Number.isNaN(Date.parse(opened))) return null;
  if (typeof type !== 'string' || typeof id !== 'string' || type.length > 100 || id.length > 200) return null;
  if (/\u0000/.test(type + id)) return null;
  return { worst, opened, type, id };
}

// ── query ───────────────────────────────────────────────────────────────────

export const openAlertsQuerySchema = z
  .object({
    severity: z.enum(SEVERITIES).optional().describe('Minimum severity: error shows error and critical alerts'),
    alert_type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/).optional(),
    owner: positiveId.optional().describe('Groups owned by this user (the complaint\'s assignee)'),
    unowned: booleanParam.optional().describe('true: groups nobody owns (an unassigned complaint, or a resource without an owner)'),
    cursor: z.string().max(600).refine((c) => decodeOpenCursor(c) !== null, 'Invalid cursor').optional().describe('next_cursor of the previous page'),
    page_size: z.coerce.number().int().min(1).max(100).default(OPEN_PAGE_SIZE),
  })
  .superRefine((q, ctx) => {
    if (q.owner !== undefined && q.unowned === true) ctx.addIssue({ code: 'custom', path: ['unowned'], message: 'Give owner or unowned=true, not both' });
  });
export type OpenAlertsQuery = z.infer<typeof openAlertsQuerySchema>;

// ── response ────────────────────────────────────────────────────────────────

export const SLA_STATES = ['breached', 'at_risk', 'on_track', 'met', 'none'] as const;

export const openAlertSchema = z.object({
  id: z.number().int(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  alert_type: z.string(),
  status: z.enum(ALERT_STATUSES),
  first_fired_at: when,
  last_fired_at: when,
  occurrences: z.number().int(),
  escalation_level: z.number().int(),
  acknowledged_by: userRef.nullable(),
  acknowledged_at: when.nullable(),
});
export type OpenAlert = z.infer<typeof openAlertSchema>;

export const openAlertGroupSchema = z.object({
  resource: z
    .object({ type: z.string(), id: z.string(), label: z.string() })
    .describe('The affected resource (complaint, payment_provider, metric, …); an alert without one is its own group of type "alert"'),
  worst_severity: z.enum(SEVERITIES),
  opened_at: when.describe('The earliest first_fired_at in the group'),
  owner: userRef.nullable().describe('The complaint\'s assignee; null for other resources and unassigned complaints'),
  sla: z
    .object({
      response_due_at: when.nullable(),
      resolution_due_at: when.nullable(),
      first_responded_at: when.nullable(),
      status: z.enum(SLA_STATES).describe('Where the complaint\'s open deadlines stand now: breached, at_risk (within the hour), on_track, met, none'),
    })
    .nullable()
    .describe('Complaints only'),
  alerts: z.array(openAlertSchema).describe('Worst first, then oldest'),
});
export type OpenAlertGroup = z.infer<typeof openAlertGroupSchema>;

export const openAlertGroupsSchema = z.object({
  groups: z.array(openAlertGroupSchema),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type OpenAlertGroups = z.infer<typeof openAlertGroupsSchema>;

export const severityRank = (s: Severity) => SEVERITIES.indexOf(s) + 1;
