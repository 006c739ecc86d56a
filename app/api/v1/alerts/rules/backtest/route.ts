import { db } from '@/db/client';
import { backtestInputSchema, backtestRule } from '@/lib/alerts/backtest';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/rules/backtest — the rule as edited (and as saved) replayed over the last days of history
export const POST = withAuth('alerts.manage', async ({ req, viewer }) => json(await backtestRule(db, viewer, backtestInputSchema.parse(await readJson(req)))));
