import { db } from '@/db/client';
import { deleteRule, getRule, updateRule } from '@/lib/alerts/rules';
import { readJson, withAuth } from '@/lib/api/handler';
import { json, noContent } from '@/lib/api/problem';
import { pathIdSchema } from '@/lib/validation/ids';
import { ruleUpdateSchema } from '@/lib/validation/rules';

export const dynamic = 'force-dynamic';

const ruleId = pathIdSchema('Rule');

// GET /api/v1/alerts/rules/{id} — one rule (alerts.manage)
export const GET = withAuth('alerts.manage', async ({ viewer, params }) => json(await getRule(db, viewer, ruleId.parse(params.id))));

// PUT /api/v1/alerts/rules/{id} — replace it, with the version it was edited from (409 when stale)
export const PUT = withAuth('alerts.manage', async ({ req, viewer, params }) => {
  const id = ruleId.parse(params.id);
  return json(await updateRule(db, viewer, id, ruleUpdateSchema.parse(await readJson(req))));
});

// DELETE /api/v1/alerts/rules/{id} — 204; its alerts stay
export const DELETE = withAuth('alerts.manage', async ({ viewer, params }) => {
  await deleteRule(db, viewer, ruleId.parse(params.id));
  return noContent();
});
