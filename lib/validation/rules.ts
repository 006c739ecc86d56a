import { z } from 'zod';
import { RULE_TYPES, SEVERITIES } from '@/db/schema';
import { unknownTemplateVariables, unknownVariablesMessage } from '@/lib/alerts/template-variables';

/** Who receives an alert: the resource's owner, their manager, everyone in a role, named users, or all. */
export const recipientSchema = z.union([
  z.enum(['assignee', 'manager', 'broadcast']),
  z.string().regex(/^role:(staff|manager|admin)$/, 'role:<staff|manager|admin>'),
  z.string().regex(/^user:[1-9][0-9]{0,15}$/, 'user:<id>'),
]);

export const channelSchema = z.enum(['in_app', 'email', 'slack', 'webhook']);

// extra webhook headers may not replace what the signature and the transport own
const RESERVED_HEADERS = /^(webhook-(id|timestamp|signature)|content-(type|length)|host|connection|transfer-encoding|user-agent)$/i;
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'an HTTP header name')
  .refine((h) => !RESERVED_HEADERS.test(h), 'this header is set by Ops Alerts');

export const slackChannelSchema = z.string().regex(/^[#@]?[a-z0-9][a-z0-9._-]{0,79}$/, '#channel');

export const alertConfigSchema = z.object({
  severity: z.enum(SEVERITIES),
  alert_type: z.string().regex(/^[a-z][a-z0-9_]{1,49}$/).optional(),
  title_template: z.string().min(1).max(255),
  message_template: z.string().max(4000).default(''),
  recipients: z.array(recipientSchema).min(1).default(['assignee']),
  // used when the resource has no owner (unassigned complaint)
  fallback_recipients: z.array(recipientSchema).default(['role:manager']),
  channels: z.array(channelSchema).min(1).default(['in_app']),
  cooldown_minutes: z.number().int().min(0).max(10_080).default(60),
  max_per_hour: z.number().int().min(1).max(10_000).optional(),
  // alerts of this rule within this many minutes of a group's first alert join that group quietly
  group_window_minutes: z.number().int().min(1).max(1440).optional(),
  escalation: z
    .object({ after_minutes: z.number().int().min(1).max(10_080), max_level: z.number().int().min(1).max(5).default(2) })
    .optional(),
  auto_resolve: z.boolean().default(true),
  expires_after_minutes: z.number().int().min(1).max(525_600).optional(),
  // email: more addresses besides the recipients' own (a team list, a pager gateway)
  email_to: z.array(z.email().max(254)).max(20).optional(),
  // slack: a channel for SLACK_WEBHOOK_URL to post to, where the webhook allows overriding it
  slack_channel: slackChannelSchema.optional(),
  // webhook: where to POST the signed JSON, with optional extra headers
  webhook: z
    .object({
      url: z.url({ protocol: /^https?$/ }).max(2000),
      headers: z.record(headerName, z.string().max(1000)).default({}),
    })
    .optional(),
}).superRefine((c, ctx) => {
  if (c.channels.includes('webhook') && !c.webhook) ctx.addIssue({ code: 'custom', path: ['webhook'], message: 'the webhook channel needs webhook.url' });
});
export type AlertConfig = z.infer<typeof alertConfigSchema>;

const ruleShapeObject = z.object({
  rule_name: z.string().regex(/^[a-z][a-z0-9_]{1,99}$/, 'Use 2 to 100 lowercase letters, digits and _, starting with a letter'),
  description: z.string().max(1000).default(''),
  rule_type: z.enum(RULE_TYPES),
  check: z.string().min(1).max(50),
  is_enabled: z.boolean().default(true),
  conditions: z.record(z.string(), z.unknown()).default({}),
  alert_config: alertConfigSchema,
});

const TEMPLATE_FIELDS = [
  ['title_template', 'title'],
  ['message_template', 'message'],
] as const;

/** A template may only name variables its check provides (a typo would render as nothing). */
function knownTemplateVariables(rule: { check: string; alert_config: AlertConfig }, ctx: z.RefinementCtx) {
  for (const [key, field] of TEMPLATE_FIELDS) {
    const unknown = unknownTemplateVariables(rule.check, rule.alert_config[key] ?? '');
    if (unknown.length) ctx.addIssue({ code: 'custom', path: ['alert_config', key], message: unknownVariablesMessage(rule.check, field, unknown), params: { reason: 'unknown_variable' } });
  }
}

export const ruleShapeSchema = ruleShapeObject.superRefine(knownTemplateVariables);
export type RuleShape = z.infer<typeof ruleShapeSchema>;

/** PUT /api/v1/alerts/rules/{id}: the whole rule, and the version it was edited from (a stale one is a 409). */
export const ruleUpdateSchema = ruleShapeObject.extend({ version: z.number().int().min(1) }).superRefine(knownTemplateVariables);
export type RuleUpdate = z.infer<typeof ruleUpdateSchema>;

/** POST /api/v1/alerts/rules/preview: a rule as it is being edited; `id` previews an edit of that rule. */
export const rulePreviewSchema = ruleShapeObject.extend({ id: z.number().int().min(1).optional() }).superRefine(knownTemplateVariables);
export type RulePreviewInput = z.infer<typeof rulePreviewSchema>;
