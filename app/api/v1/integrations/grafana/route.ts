import { webhookRoute } from '@/lib/integrations/webhook-route';

export const dynamic = 'force-dynamic';

// POST /api/v1/integrations/grafana — a Grafana webhook contact point: firing and resolved alerts, deduplicated by their labels
export const POST = webhookRoute('grafana');
