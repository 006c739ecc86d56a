import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { ApiError, notFound } from '@/lib/api/problem';
import { auditActorType, can, type Viewer } from '@/lib/auth/permissions';
import { CHECKS } from '@/lib/checks/registry';
import type { RuleJson } from '@/lib/validation/alert-responses';
import type { RuleShape, RuleUpdate } from '@/lib/validation/rules';
import { invalidInput } from './query';

type RuleRow = typeof alertRules.$inferSelect;

function requireManage(viewer: Viewer) {
  if (!can(viewer, 'alerts.manage')) throw new ApiError(403, 'Forbidden', 'Requires permission alerts.manage');
}

const toJson = (r: RuleRow): RuleJson => ({
  id: r.id,
  rule_name: r.ruleName,
  description: r.description,
  rule_type: r.ruleType,
  check: r.check,
  version: r.version,
  is_enabled: r.isEnabled,
  conditions: r.conditions,
  alert_config: r.alertConfig,
  created_by_staff_id: r.createdBy,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

/** GET /api/v1/alerts/rules: every rule in the seeds' shape, oldest first (alerts.manage). */
export async function listRules(db: Tx, viewer: Viewer): Promise<RuleJson[]> {
  requireManage(viewer);
  return (await db.select().from(alertRules).orderBy(asc(alertRules.id))).map(toJson);
}

export async function getRule(db: Tx, viewer: Viewer, id: number): Promise<RuleJson> {
  requireManage(viewer);
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row) throw notFound('Rule');
  return toJson(row);
}

/**
 * A rule as it will be stored: a known check, and conditions checked (and completed with their
 * defaults) by that check's own schema, so a saved rule always runs. Errors name the field.
 */
export function normalizeRule(input: RuleShape): RuleShape {
  const check = CHECKS[input.check];
  if (!check) throw invalidInput('check', `Unknown check ${input.check}; one of ${Object.keys(CHECKS).join(', ')}`, 'unknown_check');
  const conditions = check.conditions.safeParse(input.conditions);
  if (!conditions.success) {
    const issue = conditions.error.issues[0]!;
    throw invalidInput(['conditions', ...issue.path].join('.'), issue.message, issue.code);
  }
  return { ...input, conditions: conditions.data as Record<string, unknown> };
}

const nameTaken = (name: string) => new ApiError(409, 'Conflict', `A rule named ${name} already exists`, { errors: [{ path: 'rule_name', message: 'already taken', code: 'taken' }] });

async function audit(tx: Tx, viewer: Viewer, action: string, id: number, details: unknown) {
  await tx.execute(sql`insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
    values (${viewer.id}, ${auditActorType(viewer)}, ${action}, 'alert_rule', ${String(id)}, ${JSON.stringify(details)}::jsonb)`);
}

/** POST /api/v1/alerts/rules: a new rule (201); a taken name is a 409. */
export async function createRule(db: Tx, viewer: Viewer, input: RuleShape): Promise<RuleJson> {
  requireManage(viewer);
  const rule = normalizeRule(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({
        ruleName: rule.rule_name,
        description: rule.description,
        ruleType: rule.rule_type,
        check: rule.check,
        isEnabled: rule.is_enabled,
        conditions: rule.conditions,
        alertConfig: rule.alert_config,
        createdBy: viewer.id,
      })
      .onConflictDoNothing({ target: alertRules.ruleName })
      .returning();
    if (!row) throw nameTaken(rule.rule_name);
    await audit(tx, viewer, 'alert_rule.created', row.id, { rule: toJson(row) });
    return toJson(row);
  });
}

/**
 * PUT /api/v1/alerts/rules/{id}: replace a rule, if it is still at the version the editor
 * started from (else 409 with the current version, so two admins cannot overwrite each other
 * unknowingly). The version goes up by one; the audit log keeps before and after.
 */
export async function updateRule(db: Tx, viewer: Viewer, id: number, input: RuleUpdate): Promise<RuleJson> {
  requireManage(viewer);
  const rule = normalizeRule(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for('update');
    if (!before) throw notFound('Rule');
    if (before.version !== input.version) {
      throw new ApiError(409, 'Conflict', `The rule changed since version ${input.version}; it is at version ${before.version}`, { current_version: before.version });
    }
    const taken = await tx.select({ id: alertRules.id }).from(alertRules).where(sql`${alertRules.ruleName} = ${rule.rule_name} and ${alertRules.id} <> ${id}`);
    if (taken.length) throw nameTaken(rule.rule_name);
    const [row] = await tx
      .update(alertRules)
      .set({
        ruleName: rule.rule_name,
        description: rule.description,
        ruleType: rule.rule_type,
        check: rule.check,
        isEnabled: rule.is_enabled,
        conditions: rule.conditions,
        alertConfig: rule.alert_config,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(alertRules.id, id))
      .returning();
    await audit(tx, viewer, 'alert_rule.updated', id, { before: toJson(before), after: toJson(row!) });
    return toJson(row!);
  });
}

/** DELETE /api/v1/alerts/rules/{id}: its alerts stay (their rule_id becomes null); audited. */
export async function deleteRule(db: Tx, viewer: Viewer, id: number): Promise<void> {
  requireManage(viewer);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(alertRules).where(eq(alertRules.id, id)).returning();
    if (!row) throw notFound('Rule');
    await audit(tx, viewer, 'alert_rule.deleted', id, { rule: toJson(row) });
  });
}
