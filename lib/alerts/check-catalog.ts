import { z } from 'zod';
import { CHECKS, RULE_TYPE_OF_CHECK } from '@/lib/checks/registry';
import { TEMPLATE_VARIABLES } from './template-variables';

/** What the rule editor needs to know of a check: its name, label, rule type, when it runs, its template variables and its conditions as JSON Schema. */
export type CheckInfo = {
  name: string;
  label: string;
  rule_type: string;
  job: string | null;
  /** what its title and message templates may name: `complaint.title`, `event.attributes.*` */
  variables: string[];
  conditions: { properties?: Record<string, JsonSchema>; required?: string[] };
};
export type JsonSchema = {
  type?: string | string[];
  enum?: (string | number)[];
  items?: JsonSchema;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
};

export function checkCatalog(): CheckInfo[] {
  return Object.values(CHECKS).map((c) => ({
    name: c.name,
    label: c.label,
    rule_type: RULE_TYPE_OF_CHECK[c.name]!,
    job: c.job,
    variables: [...(TEMPLATE_VARIABLES[c.name] ?? [])],
    conditions: z.toJSONSchema(c.conditions as z.ZodType, { io: 'input', unrepresentable: 'any' }) as CheckInfo['conditions'],
  }));
}
