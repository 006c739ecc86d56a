import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/lib/checks/default-rules';
import { CHECKS } from '@/lib/checks/registry';
import { suggestVariable, TEMPLATE_VARIABLES, templateVariables, unknownTemplateVariables, unknownVariablesMessage } from './template-variables';

describe('template variables', () => {
  it('extracts each variable once, in order, with or without spaces inside the braces', () => {
    expect(templateVariables('{{complaint.reference}} {{ complaint.title }} again {{complaint.reference}}')).toEqual(['complaint.reference', 'complaint.title']);
    expect(templateVariables('no variables, {single} braces, {{ }} and {{bad name}}')).toEqual([]);
  });

  it('flags what the check does not provide, and knows every check', () => {
    expect(unknownTemplateVariables('sla_at_risk', '{{complaint.titel}} due {{deadline.due_at}}')).toEqual(['complaint.titel']);
    expect(unknownTemplateVariables('payment_failures', '{{complaint.title}}')).toEqual(['complaint.title']);
    expect(unknownTemplateVariables('staff_workload', '{{staff.name}} over {{threshold}}')).toEqual([]);
    expect(Object.keys(TEMPLATE_VARIABLES).sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it("accepts any attribute of an event, but not the bare prefix", () => {
    expect(unknownTemplateVariables('event_match', '{{event.attributes.provider}} {{event.attributes.a.b}}')).toEqual([]);
    expect(unknownTemplateVariables('event_match', '{{event.attributes.}} {{event.nope}}')).toEqual(['event.attributes.', 'event.nope']);
  });

  it('leaves an unknown check to the check validation', () => {
    expect(unknownTemplateVariables('no_such_check', '{{anything}}')).toEqual([]);
  });

  it('suggests the variable a typo meant, and nothing for a far-off name', () => {
    expect(suggestVariable('sla_breached', 'complaint.titel')).toBe('complaint.title');
    expect(suggestVariable('sla_breached', 'weather.forecast')).toBeNull();
    expect(unknownVariablesMessage('sla_breached', 'title', ['complaint.titel'])).toBe(
      'The title uses {{complaint.titel}}, which is not a variable of this check; did you mean {{complaint.title}}?',
    );
    expect(unknownVariablesMessage('sla_breached', 'message', ['a', 'b'])).toBe('The message uses {{a}}, {{b}}, which are not variables of this check.');
  });

  it('every default rule uses only its check’s variables', () => {
    for (const rule of DEFAULT_RULES) {
      const config = rule.alert_config as { title_template: string; message_template?: string };
      expect(unknownTemplateVariables(rule.check, `${config.title_template} ${config.message_template ?? ''}`), rule.rule_name).toEqual([]);
    }
  });
});
