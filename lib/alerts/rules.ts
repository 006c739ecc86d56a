import { asc } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { RuleJson } from '@/lib/validation/alert-responses';

/** GET /api/v1/alerts/rules: every rule in the seeds' shape, oldest first (alerts.manage). */
export async function listRules(db: Tx, viewer: Viewer): Promise<RuleJson[]> {
  if (!can(viewer, 'alerts.manage')) throw new ApiError(403, 'Forbidden', 'Requires permission alerts.manage');
  const rows = await db.select().from(alertRules).orderBy(asc(alertRules.id));
  return rows.map((r) => ({
    id: r.id,
    rule_name: r.ruleName,
    description: r.description,
    rule_type: r.ruleType,
    is_enabled: r.isEnabled,
    conditions: r.conditions,
    alert_config: r.alertConfig,
    created_by_staff_id: r.createdBy,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }));
}
