import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { runChecks } from '@/lib/checks/registry';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/evaluate — run every enabled check now (alerts.manage); returns what fired per rule
export const POST = withAuth('alerts.manage', async () => {
  const results = await db.transaction((tx) => runChecks(tx));
  return json({
    evaluated_at: new Date().toISOString(),
    rules: results,
    alerts_created: results.reduce((n, r) => n + r.created, 0),
    alerts_resolved: results.reduce((n, r) => n + r.resolved, 0),
  });
});
