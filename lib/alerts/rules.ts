import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { ApiError, notFound } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { CHECKS } from '@/lib/checks/registry';
import type { RuleJson, RuleWithStats } from '@/lib/validation/alert-responses';
import type { RuleShape, RuleUpdate } from '@/lib/validation/rules';
import { outboundTargetProblem, type OutboundOptions } from '@/lib/delivery/outbound';
import { invalidInput } from './query';
import type { Noise } from './noise';

type RuleRow = typeof alertRules.$inferSelect;


/**
 * Webhook header values are write-only (they usually carry a receiver's credential): what the API,
 * the editor and the audit log show in their place. Sent back unchanged, it keeps the stored value.
 */
export const REDACTED_HEADER = '[set]';

type WebhookConfig = { url?: string; headers?: Record<string, string> };
const webhookOf = (config: unknown): WebhookConfig | undefined => (config as { webhook?: WebhookConfig } | null)?.webhook;

function redactHeaders(config: Record<string, unknown>): Record<string, unknown> {
  const webhook = webhookOf(config);
  if (!webhook?.headers) return config;
  return { ...config, webhook: { ...webhook, headers: Object.fromEntries(Object.keys(webhook.headers).map((k) => [k, REDACTED_HEADER])) } };
}

/** A header sent back as REDACTED_HEADER keeps the value stored before; one with no stored value is a 422. */
function keepStoredHeaders(config: Record<string, unknown>, stored: Record<string, unknown> | null): Record<string, unknown> {
  const webhook = webhookOf(config);
  if (!webhook?.headers) return config;
  const before = webhookOf(stored)?.headers ?? {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(webhook.headers)) {
    if (value !== REDACTED_HEADER) headers[name] = value;
    else if (Object.hasOwn(before, name)) headers[name] = before[name]!;
    else throw invalidInput(`alert_config.webhook.headers.${name}`, 'Enter a value for this header');
  }
  return { ...config, webhook: { ...webhook, headers } };
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
  alert_config: redactHeaders(r.alertConfig),
  created_by_staff_id: r.createdBy,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

/**
 * Each rule's figures, as correlated subqueries of the one rule query: open alerts from
 * alerts_rule_open_idx, the newest alert and the last 24 hours' count from alerts_rule_created_idx
 * (index-only), so the cost follows the number of rules and their recent alerts, not the table.
 */
// qualified: a bare "id" inside the subqueries would be the alert's own
const ruleIdRef = sql.raw('"alert_rules"."id"');
const ruleStats = {
  open: sql<number>`(select count(*)::int from alerts a where a.rule_id = ${ruleIdRef} and a.status <> 'resolved')`,
  lastFiredAt: sql<string | Date | null>`greatest(
    (select max(a.last_fired_at) from alerts a where a.rule_id = ${ruleIdRef} and a.status <> 'resolved'),
    (select max(a.created_at) from alerts a where a.rule_id = ${ruleIdRef}))`,
  fired24h: sql<number>`(select count(*)::int from alerts a where a.rule_id = ${ruleIdRef} and a.created_at > now() - interval '24 hours')`,
  // the noise score: the last 30 days' alerts of the rule (alerts_rule_created_idx), each probed
  // once for an inbox row dismissed unread or snoozed (alert_recipients_alert_idx)
  noise: sql<Noise>`(select json_build_object(
      'alerts_30d', count(*),
      'acknowledged_share', avg((a.acknowledged_at is not null)::int)::float8,
      'unattended_share', avg((a.resolved_at is not null and a.acknowledged_at is null)::int)::float8,
      'ignored_share', avg((exists (select 1 from alert_recipients r where r.alert_id = a.id
                                      and ((r.dismissed_at is not null and r.read_at is null) or r.snoozed_until is not null)))::int)::float8,
      'median_action_s', percentile_cont(0.5) within group (order by extract(epoch from a.acknowledged_at - a.created_at)))
    from alerts a where a.rule_id = ${ruleIdRef} and a.created_at > now() - interval '30 days')`,
};

const share = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const roundNoise = (n: Noise): Noise => ({
  alerts_30d: Number(n.alerts_30d),
  acknowledged_share: share(n.acknowledged_share),
  unattended_share: share(n.unattended_share),
  ignored_share: share(n.ignored_share),
  median_action_s: n.median_action_s === null ? null : Math.round(n.median_action_s),
});

/** The rules with their figures, in one statement (exported for the EXPLAIN check in the tests). */
export const rulesWithStatsQuery = (db: Tx) => db.select({ rule: alertRules, ...ruleStats }).from(alertRules).orderBy(asc(alertRules.id));

/** GET /api/v1/alerts/rules: every rule in the seeds' shape, oldest first, with its open alerts and recent firings (alerts.manage). */
export async function listRules(db: Tx, viewer: Viewer): Promise<RuleWithStats[]> {
  requirePermission(viewer, 'alerts.manage');
  return (await rulesWithStatsQuery(db)).map((r) => ({
    ...toJson(r.rule),
    stats: {
      open: r.open,
      last_fired_at: r.lastFiredAt === null ? null : new Date(r.lastFiredAt).toISOString(),
      fired_24h: r.fired24h,
      noise: roundNoise(r.noise),
    },
  }));
}

export async function getRule(db: Tx, viewer: Viewer, id: number): Promise<RuleJson> {
  requirePermission(viewer, 'alerts.manage');
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

/** A webhook may not point inside (loopback, private, link-local...) unless OUTBOUND_ALLOW admits it: 422 on the field. */
async function checkWebhookTarget(rule: RuleShape, outbound: OutboundOptions) {
  const url = rule.alert_config.webhook?.url;
  const problem = url ? await outboundTargetProblem(url, outbound) : null;
  if (problem) throw invalidInput('alert_config.webhook.url', problem, 'blocked_address');
}

/** A rule's columns as the API shape gives them. */
export const ruleColumns = (rule: RuleShape) => ({
  ruleName: rule.rule_name,
  description: rule.description,
  ruleType: rule.rule_type,
  check: rule.check,
  isEnabled: rule.is_enabled,
  conditions: rule.conditions,
  alertConfig: rule.alert_config,
});

const nameTaken = (name: string) => new ApiError(409, 'Conflict', `A rule named ${name} already exists`, { errors: [{ path: 'rule_name', message: 'already taken', code: 'taken' }] });

/** POST /api/v1/alerts/rules: a new rule (201); a taken name is a 409. */
export async function createRule(db: Tx, viewer: Viewer, input: RuleShape, outbound: OutboundOptions = {}): Promise<RuleJson> {
  requirePermission(viewer, 'alerts.manage');
  const rule = { ...normalizeRule(input) };
  rule.alert_config = keepStoredHeaders(rule.alert_config, null) as typeof rule.alert_config;
  await checkWebhookTarget(rule, outbound);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({ ...ruleColumns(rule), createdBy: viewer.id })
      .onConflictDoNothing({ target: alertRules.ruleName })
      .returning();
    if (!row) throw nameTaken(rule.rule_name);
    await recordAudit(tx, viewer, 'alert_rule.created', { type: 'alert_rule', id: row.id }, { rule: toJson(row) });
    return toJson(row);
  });
}

/**
 * PUT /api/v1/alerts/rules/{id}: replace a rule, if it is still at the version the editor
 * started from (else 409 with the current version, so two admins cannot overwrite each other
 * unknowingly). The version goes up by one; the audit log keeps before and after.
 */
export async function updateRule(db: Tx, viewer: Viewer, id: number, input: RuleUpdate, outbound: OutboundOptions = {}): Promise<RuleJson> {
  requirePermission(viewer, 'alerts.manage');
  const rule = { ...normalizeRule(input) };
  await checkWebhookTarget(rule, outbound);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for('update');
    if (!before) throw notFound('Rule');
    if (before.version !== input.version) {
      throw new ApiError(409, 'Conflict', `The rule changed since version ${input.version}; it is at version ${before.version}`, { current_version: before.version });
    }
    rule.alert_config = keepStoredHeaders(rule.alert_config, before.alertConfig) as typeof rule.alert_config;
    const taken = await tx.select({ id: alertRules.id }).from(alertRules).where(sql`${alertRules.ruleName} = ${rule.rule_name} and ${alertRules.id} <> ${id}`);
    if (taken.length) throw nameTaken(rule.rule_name);
    const [row] = await tx
      .update(alertRules)
      .set({ ...ruleColumns(rule), version: before.version + 1, updatedAt: new Date() })
      .where(eq(alertRules.id, id))
      .returning();
    // a rule switched off says nothing more: what it still had queued is not sent
    const cancelled = before.isEnabled && !row!.isEnabled ? await cancelQueuedDeliveries(tx, id, 'rule disabled') : 0;
    await recordAudit(tx, viewer, 'alert_rule.updated', { type: 'alert_rule', id }, { before: toJson(before), after: toJson(row!), ...(cancelled ? { deliveries_cancelled: cancelled } : {}) });
    return toJson(row!);
  });
}

/** DELETE /api/v1/alerts/rules/{id}: its alerts stay (their rule_id becomes null), its queued messages are not sent; audited. */
export async function deleteRule(db: Tx, viewer: Viewer, id: number): Promise<void> {
  requirePermission(viewer, 'alerts.manage');
  await db.transaction(async (tx) => {
    // first, while the alerts still name the rule
    const cancelled = await cancelQueuedDeliveries(tx, id, 'rule deleted');
    const [row] = await tx.delete(alertRules).where(eq(alertRules.id, id)).returning();
    if (!row) throw notFound('Rule');
    await recordAudit(tx, viewer, 'alert_rule.deleted', { type: 'alert_rule', id }, { rule: toJson(row), deliveries_cancelled: cancelled });
  });
}

/**
 * Messages of a rule's alerts still waiting to go (pending, or failed and waiting for a retry)
 * are skipped with the reason; one being sent right now finishes. Returns how many. Its alerts
 * held by a silence are let go too: the end of the silence tells nobody about them.
 */
async function cancelQueuedDeliveries(tx: Tx, ruleId: number, reason: string): Promise<number> {
  const rows = await tx.execute(sql`
    with unheld as (
      delete from alert_holds h using alerts a where a.id = h.alert_id and a.rule_id = ${ruleId} and a.status <> 'resolved'
    )
    update deliveries d set status = 'skipped', last_error = ${reason}
      from alerts a
     where a.id = d.alert_id and a.rule_id = ${ruleId} and d.status in ('pending', 'failed')
    returning d.id`);
  return rows.length;
}
