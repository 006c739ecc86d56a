import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import type { RuleShape } from '@/lib/validation/rules';

/** The default rules of the original plan (seeds/001): seeded once, then the admins' to change. */
export const DEFAULT_RULES: RuleShape[] = [
  {
    rule_name: 'sla_breach_critical',
    description: 'A complaint is past its response or resolution deadline.',
    rule_type: 'sla',
    check: 'sla_breached',
    is_enabled: true,
    conditions: { deadlines: ['response', 'resolution'] },
    alert_config: {
      severity: 'critical',
      alert_type: 'sla_breach',
      title_template: 'SLA breached: {{complaint.reference}} {{complaint.title}}',
      message_template:
        'The {{deadline.kind}} deadline of {{complaint.reference}} ({{complaint.priority}} priority, {{complaint.customer_name}}) passed {{deadline.minutes_overdue}} min ago. Assignee: {{complaint.assignee_name}}.',
      recipients: ['assignee', 'manager'],
      fallback_recipients: ['role:manager'],
      channels: ['in_app', 'email'],
      cooldown_minutes: 60,
      escalation: { after_minutes: 30, max_level: 2 },
      auto_resolve: true,
    },
  },
  {
    rule_name: 'sla_at_risk',
    description: 'A complaint will miss its response or resolution deadline within the hour.',
    rule_type: 'sla',
    check: 'sla_at_risk',
    is_enabled: true,
    conditions: { buffer_minutes: 60, deadlines: ['response', 'resolution'] },
    alert_config: {
      severity: 'warning',
      alert_type: 'sla_at_risk',
      title_template: 'SLA at risk: {{complaint.reference}} {{complaint.title}}',
      message_template:
        'The {{deadline.kind}} deadline of {{complaint.reference}} ({{complaint.priority}} priority) is in {{deadline.minutes_left}} min. Assignee: {{complaint.assignee_name}}.',
      recipients: ['assignee'],
      fallback_recipients: ['role:manager'],
      channels: ['in_app'],
      cooldown_minutes: 60,
      auto_resolve: true,
    },
  },
  {
    rule_name: 'critical_complaint_created',
    description: 'A new complaint arrives with critical priority.',
    rule_type: 'event',
    check: 'critical_complaint',
    is_enabled: true,
    conditions: { priorities: ['critical'] },
    alert_config: {
      severity: 'critical',
      alert_type: 'critical_complaint',
      title_template: 'Critical complaint: {{complaint.reference}} {{complaint.title}}',
      message_template: '{{complaint.customer_name}} raised a critical complaint. Assignee: {{complaint.assignee_name}}.',
      recipients: ['assignee', 'role:manager'],
      fallback_recipients: ['role:manager'],
      channels: ['in_app', 'email'],
      cooldown_minutes: 0,
      auto_resolve: true,
    },
  },
  {
    rule_name: 'high_workload_warning',
    description: 'A staff member holds more open complaints than the threshold.',
    rule_type: 'threshold',
    check: 'staff_workload',
    is_enabled: true,
    conditions: { max_open_items: 10 },
    alert_config: {
      severity: 'warning',
      alert_type: 'high_workload',
      title_template: 'High workload: {{staff.name}} has {{staff.open_items}} open complaints',
      message_template: '{{staff.name}} holds {{staff.open_items}} open complaints (threshold {{threshold}}).',
      recipients: ['assignee', 'manager'],
      fallback_recipients: [],
      channels: ['in_app'],
      cooldown_minutes: 120,
      auto_resolve: true,
    },
  },
];

/** Insert the default rules that are missing by name; existing rules are left as the admins set them. */
export async function seedDefaultRules(tx: Tx): Promise<number> {
  const rows = await tx
    .insert(alertRules)
    .values(
      DEFAULT_RULES.map((r) => ({
        ruleName: r.rule_name,
        description: r.description,
        ruleType: r.rule_type,
        check: r.check,
        isEnabled: r.is_enabled,
        conditions: r.conditions,
        alertConfig: r.alert_config as unknown as Record<string, unknown>,
      })),
    )
    .onConflictDoNothing({ target: alertRules.ruleName })
    .returning({ id: alertRules.id });
  return rows.length;
}
