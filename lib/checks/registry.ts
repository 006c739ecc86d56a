import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { alertRules, type AlertRule, type RULE_TYPES } from '@/db/schema';
import { fireCandidates, type FireCounts } from '@/lib/alerts/fire';
import { alertConfigSchema } from '@/lib/validation/rules';
import { criticalComplaintCheck, escalatedComplaintCheck, highPriorityQueueCheck, staffWorkloadCheck, unassignedCriticalCheck } from './complaints';
import { dailySummaryCheck } from './daily-summary';
import { cronDeadmanCheck } from './deadman';
import { eventMatchCheck } from './event-match';
import { kpiThresholdCheck } from './kpi';
import { paymentFailuresCheck } from './payments';
import { slaAtRiskCheck, slaBreachedCheck } from './sla';
import type { CheckDefinition, CheckScope } from './types';
import { lookupTable } from '@/lib/lookup';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ALL: CheckDefinition<any>[] = [
  slaAtRiskCheck,
  slaBreachedCheck,
  criticalComplaintCheck,
  escalatedComplaintCheck,
  unassignedCriticalCheck,
  highPriorityQueueCheck,
  staffWorkloadCheck,
  paymentFailuresCheck,
  kpiThresholdCheck,
  dailySummaryCheck,
  cronDeadmanCheck,
  eventMatchCheck,
];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CHECKS = lookupTable<CheckDefinition<any>>(ALL.map((c) => [c.name, c] as const));

/** The rule type a rule of each check has (what the seeds call rule_type). */
export const RULE_TYPE_OF_CHECK: Record<string, (typeof RULE_TYPES)[number]> = {
  sla_at_risk: 'sla',
  sla_breached: 'sla',
  unassigned_critical: 'sla',
  critical_complaint: 'event',
  escalated_complaint: 'event',
  event_match: 'event',
  staff_workload: 'threshold',
  high_priority_queue: 'threshold',
  payment_failures: 'threshold',
  kpi_threshold: 'threshold',
  daily_summary: 'schedule',
  cron_deadman: 'schedule',
};

export const checksOfJob = (job: string) => ALL.filter((c) => c.job === job).map((c) => c.name);

const NO_COUNTS: FireCounts = { candidates: 0, created: 0, repeated: 0, resolved: 0, recipients: 0, silenced: 0, throttled: 0, grouped: 0 };

export type CheckRunResult = FireCounts & { rule_id: number; rule_name: string; check: string; error?: string };

/**
 * Run every enabled rule whose check is one of `checks` (all when omitted). Each rule runs in
 * its own savepoint, so one rule's bad configuration or failure does not stop the others.
 * With a `scope`, a check that can (`scopeAlerts`) evaluates only the scope's complaints — what an
 * ingest changed, at a cost that grows with the batch; the cron run evaluates them all. `only`
 * skips rules it says no to. Rules go in id order, so concurrent runs take their locks in one order.
 */
export async function runChecks(
  tx: Tx,
  checks?: string[],
  opts: { ruleIds?: number[]; scope?: CheckScope; only?: (rule: AlertRule) => boolean } = {},
): Promise<CheckRunResult[]> {
  const rules = await tx
    .select()
    .from(alertRules)
    .where(
      and(
        eq(alertRules.isEnabled, true),
        // event rules fire from ingestion only: a periodic run would see no events and resolve them
        inArray(alertRules.check, checks ?? ALL.filter((c) => c.job !== null).map((c) => c.name)),
        opts.ruleIds ? inArray(alertRules.id, opts.ruleIds) : undefined,
      ),
    )
    .orderBy(alertRules.id);
  const results: CheckRunResult[] = [];
  for (const rule of rules) {
    if (opts.only && !opts.only(rule)) continue;
    const base = { rule_id: rule.id, rule_name: rule.ruleName, check: rule.check };
    const check = CHECKS[rule.check];
    const config = alertConfigSchema.safeParse(rule.alertConfig);
    const conditions = check?.conditions.safeParse(rule.conditions);
    if (!check || !config.success || !conditions?.success) {
      results.push({ ...base, ...NO_COUNTS, error: 'invalid rule configuration' });
      continue;
    }
    try {
      const scope = check.scopeAlerts && opts.scope;
      const resolveOnly = scope ? check.scopeAlerts?.(scope) : undefined;
      const counts = await tx.transaction(async (sp) => {
        await check.before?.(sp, rule, conditions.data);
        return fireCandidates(
          sp,
          { id: rule.id, ruleName: rule.ruleName, check: rule.check, alertConfig: config.data },
          check.candidates(rule, conditions.data, scope),
          'state',
          { resolveOnly },
        );
      });
      results.push({ ...base, ...counts });
    } catch (err) {
      console.error(`[checks] rule ${rule.ruleName} failed`, err);
      results.push({ ...base, ...NO_COUNTS, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}

const COUNT_KEYS = ['candidates', 'created', 'repeated', 'resolved', 'recipients', 'silenced', 'throttled', 'grouped'] as const;

/** Add up the per-rule counts of a check run. */
export function totalCounts(results: FireCounts[]): Record<string, number> {
  const total: Record<string, number> = { rules: results.length };
  for (const r of results) {
    for (const k of COUNT_KEYS) total[k] = (total[k] ?? 0) + r[k];
  }
  return total;
}

/** POST /api/v1/alerts/evaluate: every periodic check now, in one transaction; what fired per rule. */
export async function evaluateAllChecks(db: Db) {
  const results = await db.transaction((tx) => runChecks(tx));
  const total = totalCounts(results);
  return { evaluated_at: new Date().toISOString(), rules: results, alerts_created: total.created ?? 0, alerts_resolved: total.resolved ?? 0 };
}
