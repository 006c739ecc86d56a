import { z } from 'zod';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, SEVERITIES } from '@/db/schema';

const when = z.iso.datetime();

export const jobRunSchema = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
  started_at: when,
  finished_at: when.nullable(),
  duration_ms: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
});
export const jobOverviewSchema = z.object({
  job: z.string(),
  schedule: z.string().nullable(),
  next_run_at: when.nullable(),
  // late: no successful run within twice the schedule's interval
  late: z.boolean(),
  last_success_at: when.nullable(),
  runs: z.array(jobRunSchema),
});
export const jobsOverviewSchema = z.object({ jobs: z.array(jobOverviewSchema) });
export type JobsOverview = z.infer<typeof jobsOverviewSchema>;
export type JobRun = z.infer<typeof jobRunSchema>;

export const deliveriesQuerySchema = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: z.enum(DELIVERY_CHANNELS).optional(),
  // keyset: the id of the last row of the previous page
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

export const adminDeliverySchema = z.object({
  id: z.number().int(),
  alert: z.object({ id: z.number().int(), title: z.string(), severity: z.string() }).nullable().describe('null for a digest'),
  digest: z
    .object({ id: z.number().int(), frequency: z.string(), period_start: when, alerts: z.number().int() })
    .nullable()
    .describe("a person's digest email: its schedule, period and how many alerts it listed"),
  kind: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  // an email address, a Slack channel, or a webhook's address without its query string
  target: z.string(),
  recipient: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  next_attempt_at: when.nullable(),
  sent_at: when.nullable(),
  created_at: when,
});
export const deliveryPageSchema = z.object({ deliveries: z.array(adminDeliverySchema), next_before: z.number().int().nullable() });
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;

/**
 * What a silence matches: every matcher given must match (at least one); unset ones match anything.
 * `complaint_reference` (C-1042) is a shorthand for the complaint's resource_type and resource_id.
 */
export const silenceMatchersSchema = z
  .strictObject({
    rule_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    alert_type: z.string().min(1).max(64).optional(),
    severity: z.enum(SEVERITIES).optional(),
    resource_type: z.string().min(1).max(50).optional(),
    resource_id: z.string().min(1).max(100).optional(),
    complaint_reference: z.string().trim().min(1).max(64).optional(),
  })
  .refine((m) => Object.keys(m).length > 0, 'Give at least one matcher: a silence of everything is not allowed');
export type SilenceMatchers = z.infer<typeof silenceMatchersSchema>;

const silenceFields = {
  matchers: silenceMatchersSchema,
  starts_at: z.iso.datetime({ offset: true }).optional(),
  ends_at: z.iso.datetime({ offset: true }).optional(),
  duration_minutes: z.number().int().min(1).max(90 * 24 * 60).optional(),
  comment: z.string().trim().min(1, 'Say why').max(500),
};

/** POST /api/v1/admin/silences: from now (or starts_at) until ends_at, or for duration_minutes; a comment says why. */
export const createSilenceSchema = z.strictObject(silenceFields).superRefine((s, ctx) => {
  if ((s.ends_at === undefined) === (s.duration_minutes === undefined)) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'Give ends_at or duration_minutes, one of them' });
  const start = s.starts_at ? Date.parse(s.starts_at) : Date.now();
  if (s.ends_at && Date.parse(s.ends_at) <= Math.max(start, Date.now())) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'ends_at must be in the future and after starts_at' });
});
export type CreateSilenceInput = z.infer<typeof createSilenceSchema>;

/** POST /api/v1/admin/silences/preview: the body of a new silence, as far as it is filled in (only the matchers count). */
export const silencePreviewBodySchema = z.strictObject({ ...silenceFields, comment: z.string().max(500).optional() });
export type SilencePreviewInput = z.infer<typeof silencePreviewBodySchema>;

export const silencedAlertSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.string(),
  alert_type: z.string(),
  rule: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  last_fired_at: when,
});
/** The open alerts a silence would match (newest firing first, at most 20) and how many there are in all. */
export const silencePreviewSchema = z.object({ alerts: z.array(silencedAlertSchema), total: z.number().int() });
export type SilencePreview = z.infer<typeof silencePreviewSchema>;

export const silenceSchema = z.object({
  id: z.number().int(),
  matchers: z.record(z.string(), z.union([z.string(), z.number()])),
  starts_at: when,
  ends_at: when,
  state: z.enum(['active', 'scheduled', 'expired']),
  comment: z.string(),
  created_by: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  created_at: when,
  // alerts it has kept quiet so far
  silenced_alerts: z.number().int(),
});
export const silenceListSchema = z.object({ silences: z.array(silenceSchema) });
export type Silence = z.infer<typeof silenceSchema>;

export const auditQuerySchema = z.strictObject({
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'an action like alert_rule.updated').optional(),
  target_type: z.string().regex(/^[a-z_]{1,50}$/).optional(),
  target_id: z.string().min(1).max(100).optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: when,
  actor: z.object({ id: z.number().int().nullable(), name: z.string().nullable(), type: z.enum(['user', 'token', 'system']) }),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next_before: z.number().int().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
