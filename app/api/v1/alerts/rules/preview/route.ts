import { db } from '@/db/client';
import { previewRule } from '@/lib/alerts/rule-preview';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { rulePreviewSchema } from '@/lib/validation/rules';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/rules/preview — what this rule would raise, repeat and resolve now; nothing is kept
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => json(await previewRule(db, viewer, rulePreviewSchema.parse(await readJson(req)))));
