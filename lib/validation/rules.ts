import { z } from 'zod';
import { RULE_TYPES, SEVERITIES } from '@/db/schema';

/** Who receives an alert: the resource's owner, their manager, everyone in a role, named users, or all. */
export const recipientSchema = z.union([
  z.enum(['assignee', 'manager', 'broadcast']),
  z.string().regex(/^role:(staff|manager|admin)$/, 'role:<staff|manager|admin>'),
  z.string().regex(/^user:[1-9][0-9]{0,15}$/, 'user:<id>'),
]);

export const channelSchema = z.enum(['in_app', 'email', 'slack', 'webhook']);

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
});
export type AlertConfig = z.infer<typeof alertConfigSchema>;

export const ruleShapeSchema = z.object({
  rule_name: z.string().regex(/^[a-z][a-z0-9_]{1,99}$/),
  description: z.string().max(1000).default(''),
  rule_type: z.enum(RULE_TYPES),
  check: z.string().min(1).max(50),
  is_enabled: z.boolean().default(true),
  conditions: z.record(z.string(), z.unknown()).default({}),
  alert_config: alertConfigSchema,
});
export type RuleShape = z.infer<typeof ruleShapeSchema>;
