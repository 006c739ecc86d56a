import { describe, expect, it } from 'vitest';
import { alertConfigSchema, recipientSchema, ruleShapeSchema } from './rules';

const minimalConfig = { severity: 'warning', title_template: 'SLA at risk: {{complaint.title}}' };

describe('alertConfigSchema', () => {
  it('fills defaults for everything optional', () => {
    expect(alertConfigSchema.parse(minimalConfig)).toEqual({
      severity: 'warning',
      title_template: 'SLA at risk: {{complaint.title}}',
      message_template: '',
      recipients: ['assignee'],
      fallback_recipients: ['role:manager'],
      channels: ['in_app'],
      cooldown_minutes: 60,
      auto_resolve: true,
    });
  });

  it('keeps given values over defaults', () => {
    const parsed = alertConfigSchema.parse({
      ...minimalConfig,
      recipients: ['manager', 'user:42', 'role:admin'],
      channels: ['in_app', 'email'],
      cooldown_minutes: 0,
      auto_resolve: false,
      escalation: { after_minutes: 30 },
    });
    expect(parsed.recipients).toEqual(['manager', 'user:42', 'role:admin']);
    expect(parsed.channels).toEqual(['in_app', 'email']);
    expect(parsed.cooldown_minutes).toBe(0);
    expect(parsed.auto_resolve).toBe(false);
    expect(parsed.escalation).toEqual({ after_minutes: 30, max_level: 2 });
  });

  it.each([
    ['an unknown keyword', 'everyone'],
    ['an unknown role', 'role:owner'],
    ['user id zero', 'user:0'],
    ['a non-numeric user id', 'user:abc'],
    ['a negative user id', 'user:-1'],
    ['an email address', 'ops@example.test'],
    ['an empty string', ''],
    ['a number', 42],
  ])('rejects a recipient that is %s', (_what, recipient) => {
    expect(recipientSchema.safeParse(recipient).success).toBe(false);
    const result = alertConfigSchema.safeParse({ ...minimalConfig, recipients: ['assignee', recipient] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((i) => i.path.join('.').startsWith('recipients.1'))).toBe(true);
  });

  it('rejects a bad fallback recipient too', () => {
    expect(alertConfigSchema.safeParse({ ...minimalConfig, fallback_recipients: ['role:root'] }).success).toBe(false);
  });

  it.each([
    ['no recipients', { recipients: [] }],
    ['no channels', { channels: [] }],
    ['an unknown channel', { channels: ['sms'] }],
    ['an unknown severity', { severity: 'fatal' }],
    ['an empty title', { title_template: '' }],
    ['a negative cooldown', { cooldown_minutes: -1 }],
    ['a fractional cooldown', { cooldown_minutes: 1.5 }],
    ['an escalation level over 5', { escalation: { after_minutes: 5, max_level: 6 } }],
    ['a bad alert_type', { alert_type: 'SLA Breach' }],
  ])('rejects %s', (_what, override) => {
    expect(alertConfigSchema.safeParse({ ...minimalConfig, ...override }).success).toBe(false);
  });

  it('requires severity and title_template', () => {
    const result = alertConfigSchema.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['severity', 'title_template']);
  });
});

describe('ruleShapeSchema', () => {
  const minimalRule = { rule_name: 'sla_at_risk', rule_type: 'sla', check: 'sla_at_risk', alert_config: minimalConfig };

  it('fills rule and nested alert_config defaults', () => {
    const parsed = ruleShapeSchema.parse(minimalRule);
    expect(parsed).toMatchObject({ description: '', is_enabled: true, conditions: {} });
    expect(parsed.alert_config.recipients).toEqual(['assignee']);
    expect(parsed.alert_config.channels).toEqual(['in_app']);
  });

  it('keeps conditions as given', () => {
    const parsed = ruleShapeSchema.parse({ ...minimalRule, conditions: { within_minutes: 30, priority: ['high'] } });
    expect(parsed.conditions).toEqual({ within_minutes: 30, priority: ['high'] });
  });

  it.each([
    ['an uppercase name', { rule_name: 'SlaAtRisk' }],
    ['a name starting with a digit', { rule_name: '1_rule' }],
    ['a one-letter name', { rule_name: 'a' }],
    ['a name with spaces', { rule_name: 'sla at risk' }],
    ['an unknown rule_type', { rule_type: 'cron' }],
    ['an empty check', { check: '' }],
    ['conditions that are not an object', { conditions: ['x'] }],
    ['a missing alert_config', { alert_config: undefined }],
  ])('rejects %s', (_what, override) => {
    expect(ruleShapeSchema.safeParse({ ...minimalRule, ...override }).success).toBe(false);
  });

  it('reports a bad recipient under its full path', () => {
    const result = ruleShapeSchema.safeParse({ ...minimalRule, alert_config: { ...minimalConfig, recipients: ['role:owner'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['alert_config', 'recipients', 0]);
  });
});
