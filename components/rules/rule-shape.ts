import type { RuleJson } from '@/lib/validation/alert-responses';
import type { RuleShape } from '@/lib/validation/rules';

/** A stored rule as the shape the API takes back (POST/PUT, preview). */
export function toShape(r: RuleJson): RuleShape {
  return {
    rule_name: r.rule_name,
    description: r.description,
    rule_type: r.rule_type,
    check: r.check,
    is_enabled: r.is_enabled,
    conditions: r.conditions,
    alert_config: r.alert_config as RuleShape['alert_config'],
  };
}
