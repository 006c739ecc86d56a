import { z } from 'zod';
import { ALERT_STATUSES, COMPLAINT_STATUSES, DELIVERY_CHANNELS, DELIVERY_STATUSES, PRIORITIES, RULE_TYPES, SEVERITIES } from '@/db/schema';

/**
 * Response shapes of the alerts API. The lib functions return these types and the OpenAPI
 * document is generated from these schemas, so the two cannot drift apart silently.
 */

const when = z.iso.datetime();
const userRef = z.object({ id: z.number().int(), name: z.string() });
const countBy = <K extends readonly [string, ...string[]]>(keys: K) => z.record(z.enum(keys), z.number().int());

/** One alert as the viewer's inbox shows it: the team-wide alert plus this viewer's read/dismiss/snooze state. */
export const inboxAlertSchema = z.object({
  id: z.number().int(),
  rule_id: z.number().int().nullable(),
  alert_type: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  message: z.string(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  status: z.enum(ALERT_STATUSES),
  occurrences: z.number().int(),
  first_fired_at: when,
  last_fired_at: when,
  created_at: when.describe('When it reached this inbox (the list is ordered by it); with scope=all, when the alert was created'),
  is_read: z.boolean(),
  read_at: when.nullable(),
  is_dismissed: z.boolean(),
  dismissed_at: when.nullable(),
  snoozed_until: when.nullable().describe('null when not snoozed or snoozed until resolved'),
  snoozed_until_resolved: z.boolean(),
  in_inbox: z.boolean().describe('false only for admins listing scope=all: the alert was not sent to them, the state fields are defaults'),
  acknowledged_at: when.nullable().describe('When someone took it on; stays set after it resolves'),
  acknowledged_by: userRef.nullable().describe('Who acknowledged it; null when nobody has, or the person was deleted'),
  metadata: z.record(z.string(), z.unknown()),
});
export type InboxAlert = z.infer<typeof inboxAlertSchema>;

/** The seeds' list: page-numbered with a total. */
export const alertListSchema = z.object({
  alerts: z.array(inboxAlertSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
  unread_count: z.number().int(),
});
export type AlertList = z.infer<typeof alertListSchema>;

/** Keyset mode (`cursor` given): no count and no offset, so total, page and total_pages are null. */
export const alertCursorPageSchema = z.object({
  alerts: z.array(inboxAlertSchema),
  total: z.null().describe('Not counted in cursor mode: deep pages skip the count'),
  page: z.null(),
  page_size: z.number().int(),
  total_pages: z.null(),
  unread_count: z.number().int(),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type AlertCursorPage = z.infer<typeof alertCursorPageSchema>;

export const unreadCountSchema = z.object({ unread_count: z.number().int(), by_severity: countBy(SEVERITIES) });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const timelineEventSchema = z.object({
  id: z.number().int(),
  kind: z.string().describe('fired, refired, acknowledged, resolved, escalated, silenced, throttled, …'),
  actor: userRef.nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: when,
});

export const deliverySummarySchema = z.object({
  id: z.number().int(),
  channel: z.enum(DELIVERY_CHANNELS),
  // what it announces: fired, refired, escalated, acknowledged, resolved
  kind: z.string(),
  recipient: userRef.nullable(),
  // skipped: the channel is not configured on this deployment (last_error says which setting)
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  sent_at: when.nullable(),
  next_attempt_at: when.nullable(),
  created_at: when,
});

export const complaintContextSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  title: z.string(),
  customer_name: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(COMPLAINT_STATUSES),
  assignee: userRef.nullable(),
  response_due_at: when.nullable(),
  resolution_due_at: when.nullable(),
  first_responded_at: when.nullable(),
  resolved_at: when.nullable(),
  escalated_at: when.nullable(),
  created_at: when,
});

/** GET /api/v1/alerts/{id}: the inbox fields, the team-wide lifecycle, the timeline, deliveries and the resource. */
export const alertDetailSchema = inboxAlertSchema.extend({
  rule_name: z.string().nullable(),
  resolved_at: when.nullable(),
  resolved_by: userRef.nullable(),
  resolution_reason: z.string().nullable(),
  escalation_level: z.number().int(),
  expires_at: when.nullable(),
  labels: z.record(z.string(), z.string()).nullable().describe('A Prometheus, Alertmanager or Grafana alert: its label set; null for other alerts'),
  annotations: z.record(z.string(), z.string()).nullable().describe('A Prometheus, Alertmanager or Grafana alert: its annotations'),
  generator_url: z.string().nullable().describe('Where the alert was generated (the Prometheus expression, the Grafana rule)'),
  source: z.string().nullable().describe('prometheus, alertmanager or grafana for alerts that came through their APIs'),
  timeline: z.array(timelineEventSchema).describe('Oldest first; the latest 200 events'),
  timeline_truncated: z.boolean(),
  deliveries: z.array(deliverySummarySchema).describe('Oldest first; at most 200'),
  resource: z
    .object({ type: z.string(), id: z.string().nullable(), complaint: complaintContextSchema.nullable() })
    .nullable()
    .describe('complaint is filled when resource_type is complaint and it still exists'),
});
export type AlertDetail = z.infer<typeof alertDetailSchema>;
export type ComplaintContext = z.infer<typeof complaintContextSchema>;

export const snoozeResultSchema = z.object({
  id: z.number().int(),
  snoozed_until: when.nullable(),
  snoozed_until_resolved: z.boolean(),
  is_read: z.literal(true),
  read_at: when,
});
export type SnoozeResult = z.infer<typeof snoozeResultSchema>;

export const bulkResultSchema = z.object({
  updated: z.number().int().describe('Rows that changed'),
  skipped: z.number().int().describe('Requested or matched but unchanged: not yours, already in that state, or gone'),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const markAllReadResultSchema = z.object({ updated: z.number().int() });

export const summarySchema = z.object({
  scope: z.enum(['inbox', 'all']),
  from: when,
  to: when,
  total: z.number().int(),
  by_status: countBy(ALERT_STATUSES),
  by_severity: countBy(SEVERITIES),
  by_alert_type: z.record(z.string(), z.number().int()),
});
export type AlertSummary = z.infer<typeof summarySchema>;

/** GET /api/v1/alerts/rules: the seeds' rule shape (a JSON array). */
export const ruleSchema = z.object({
  id: z.number().int(),
  rule_name: z.string(),
  description: z.string(),
  rule_type: z.enum(RULE_TYPES),
  // beyond the seeds' shape: the check it runs, and its version (sent back on PUT)
  check: z.string(),
  version: z.number().int(),
  is_enabled: z.boolean(),
  conditions: z.record(z.string(), z.unknown()),
  alert_config: z.record(z.string(), z.unknown()),
  created_by_staff_id: z.number().int().nullable(),
  created_at: when,
  updated_at: when,
});
export type RuleJson = z.infer<typeof ruleSchema>;
/** How a rule has been doing: its open alerts, when it last fired, and how many alerts it raised in the last 24 hours. */
export const ruleStatsSchema = z.object({
  open: z.number().int(),
  // the newest alert of the rule, or the last repeat of one still open
  last_fired_at: when.nullable(),
  fired_24h: z.number().int(),
  noise: z
    .object({
      alerts_30d: z.number().int(),
      acknowledged_share: z.number().nullable(),
      unattended_share: z.number().nullable().describe('resolved with nobody acknowledging'),
      ignored_share: z.number().nullable().describe('dismissed unread or snoozed by someone'),
      median_action_s: z.number().nullable().describe('median time to acknowledge'),
    })
    .describe('the last 30 days: the noise score'),
});
export const ruleWithStatsSchema = ruleSchema.extend({ stats: ruleStatsSchema });
export type RuleWithStats = z.infer<typeof ruleWithStatsSchema>;
export const ruleListSchema = z.array(ruleWithStatsSchema);

const previewAlert = z.object({
  fingerprint: z.string(),
  title: z.string(),
  message: z.string(),
  severity: z.enum(SEVERITIES),
  resource: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  // silenced, throttled or grouped: recorded, nobody told
  quiet: z.enum(['silenced', 'throttled', 'grouped']).nullable(),
  recipients: z.array(z.object({ id: z.number().int(), name: z.string() })),
  recipient_count: z.number().int(),
  deliveries: z.record(z.string(), z.number().int()),
});
/** What a rule would do if it ran now: nothing of it is kept. */
export const rulePreviewResultSchema = z.object({
  counts: z.object({
    candidates: z.number().int(),
    created: z.number().int(),
    repeated: z.number().int(),
    resolved: z.number().int(),
    recipients: z.number().int(),
    silenced: z.number().int(),
    throttled: z.number().int(),
    grouped: z.number().int(),
  }),
  alerts: z.array(previewAlert),
  resolves: z.array(z.object({ id: z.number().int(), title: z.string() })),
  // event rules fire on incoming events, not on the data as it is now
  note: z.string().nullable(),
});
export type RulePreviewResult = z.infer<typeof rulePreviewResultSchema>;
