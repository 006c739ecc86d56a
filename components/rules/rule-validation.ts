import type { CheckInfo, JsonSchema } from '@/lib/alerts/check-catalog';
import { unknownTemplateVariables, unknownVariablesMessage } from '@/lib/alerts/template-variables';
import { issueInWords, type IssueLike } from '@/lib/validation/issue-words';
import { ruleShapeSchema } from '@/lib/validation/rules';

/** The rule editor's fields, in the form's words, by the schema path they edit. */
const LABELS: Record<string, string> = {
  rule_name: 'Name',
  description: 'Description',
  check: 'Check',
  'alert_config.severity': 'Severity',
  'alert_config.alert_type': 'Alert type',
  'alert_config.title_template': 'Title',
  'alert_config.message_template': 'Message',
  'alert_config.recipients': 'Recipients',
  'alert_config.fallback_recipients': 'Recipients without an owner',
  'alert_config.channels': 'Channels',
  'alert_config.email_to': 'Also email',
  'alert_config.slack_channel': 'Slack channel',
  'alert_config.webhook': 'Webhook URL',
  'alert_config.cooldown_minutes': 'Cooldown',
  'alert_config.max_per_hour': 'At most per hour',
  'alert_config.group_window_minutes': 'Group window',
  'alert_config.escalation.after_minutes': 'Escalate after',
  'alert_config.escalation.max_level': 'Escalation levels',
  'alert_config.expires_after_minutes': 'Expire after',
};

export const conditionLabel = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replaceAll('_', ' ');

/** The field an issue belongs to: list entries and a webhook's parts count as their field. */
export function fieldOf(path: string): string {
  const parts = path.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  if (parts[0] === 'conditions') return parts.slice(0, 2).join('.');
  if (parts[1] === 'webhook') return 'alert_config.webhook';
  return parts.join('.');
}

function labelFor(field: string): string {
  if (field.startsWith('conditions.')) return conditionLabel(field.slice('conditions.'.length));
  if (field === 'conditions') return 'The conditions';
  return LABELS[field] ?? conditionLabel(field.split('.').at(-1) ?? field);
}

export type RuleDraftBody = { check: string; alert_config: { title_template?: string; message_template?: string } } & Record<string, unknown>;

/**
 * What is wrong with the rule as drafted, field by field, in words: the same schema the API
 * uses, and the template variables the chosen check provides (flagged as soon as they are typed).
 */
export function draftErrors(body: RuleDraftBody, check: CheckInfo): Map<string, string> {
  const errors = new Map<string, string>();
  const parsed = ruleShapeSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path.join('.'));
      if (!errors.has(field)) errors.set(field, issueInWords(issue as unknown as IssueLike, labelFor(field)));
    }
  }
  // the schema checks variables only once everything else parses; the form does it at once
  for (const [key, word] of [
    ['title_template', 'title'],
    ['message_template', 'message'],
  ] as const) {
    const unknown = unknownTemplateVariables(check.name, body.alert_config[key] ?? '');
    if (unknown.length) errors.set(`alert_config.${key}`, unknownVariablesMessage(check.name, word, unknown));
  }
  return errors;
}

type ServerIssue = { path: string; message: string; code?: string };

/** The API's field errors in the form's words; a condition's limits come from the check's JSON Schema. */
export function serverErrors(issues: ServerIssue[], check: CheckInfo): Map<string, string> {
  const errors = new Map<string, string>();
  for (const e of issues) {
    const field = fieldOf(e.path);
    if (errors.has(field)) continue;
    const label = labelFor(field);
    if (e.code === 'taken') {
      errors.set(field, `${label} is already taken by another rule.`);
      continue;
    }
    const schema = field.startsWith('conditions.') ? check.conditions.properties?.[field.slice('conditions.'.length)] : undefined;
    errors.set(field, issueInWords({ ...e, code: e.code ?? 'custom', ...limitsOf(schema) }, label));
  }
  return errors;
}

function limitsOf(schema: JsonSchema | undefined): Partial<IssueLike> {
  if (!schema) return {};
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return {
    origin: type === 'integer' ? 'number' : type,
    expected: type === 'integer' ? 'int' : type,
    minimum: schema.minimum,
    maximum: schema.maximum,
    values: schema.enum ?? schema.items?.enum,
  };
}
