import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { fireCandidates, type FireCounts } from '@/lib/alerts/fire';
import { alertConfigSchema } from '@/lib/validation/rules';
import { slaAtRiskCheck, slaBreachedCheck } from './sla';
import type { CheckDefinition } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CHECKS: Record<string, CheckDefinition<any>> = {
  [slaAtRiskCheck.name]: slaAtRiskCheck,
  [slaBreachedCheck.name]: slaBreachedCheck,
};

export type CheckRunResult = FireCounts & { rule_id: number; rule_name: string; error?: string };

/** Run every enabled rule whose check is one of `checks`; one rule's bad config does not stop the others. */
export async function runChecks(tx: Tx, checks: string[]): Promise<CheckRunResult[]> {
  const rules = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.isEnabled, true), inArray(alertRules.check, checks)))
    .orderBy(alertRules.id);
  const results: CheckRunResult[] = [];
  for (const rule of rules) {
    const check = CHECKS[rule.check];
    const config = alertConfigSchema.safeParse(rule.alertConfig);
    const conditions = check?.conditions.safeParse(rule.conditions);
    if (!check || !config.success || !conditions?.success) {
      results.push({ rule_id: rule.id, rule_name: rule.ruleName, candidates: 0, created: 0, resolved: 0, recipients: 0, error: 'invalid rule configuration' });
      continue;
    }
    const counts = await fireCandidates(
      tx,
      { id: rule.id, ruleName: rule.ruleName, check: rule.check, alertConfig: config.data },
      check.candidates(rule, conditions.data),
    );
    results.push({ rule_id: rule.id, rule_name: rule.ruleName, ...counts });
  }
  return results;
}
