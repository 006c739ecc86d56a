import { db } from '@/db/client';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { labelSuggestions } from '@/lib/integrations/label-suggestions';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/rules/label-suggestions — labels of the last day's Prometheus alerts, for the rule editor (alerts.manage)
export const GET = withAuth('alerts.manage', async ({ viewer }) => json({ labels: await labelSuggestions(db, viewer) }));
