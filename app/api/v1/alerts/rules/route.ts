import { db } from '@/db/client';
import { createRule, listRules } from '@/lib/alerts/rules';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ruleShapeSchema } from '@/lib/validation/rules';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/rules — every alert rule, a JSON array in the seeds' shape (alerts.manage)
export const GET = withAuth('alerts.manage', async ({ viewer }) => json(await listRules(db, viewer)));

// POST /api/v1/alerts/rules — a new rule; 201 with it, 409 when the name is taken, 422 for bad conditions
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => {
  const input = ruleShapeSchema.parse(await readJson(req));
  return json(await createRule(db, viewer, input), 201);
});
