import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { alertmanagerStatus } from '@/lib/integrations/alertmanager-api';

export const dynamic = 'force-dynamic';

// GET /api/v2/status — Alertmanager's status, for clients that check it before they talk
export const GET = withAuth('alerts.read', async () => json(alertmanagerStatus()));
