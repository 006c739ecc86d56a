import { webhookRoute } from '@/lib/integrations/webhook-route';

export const dynamic = 'force-dynamic';

// POST /api/v1/integrations/alertmanager — an Alertmanager webhook receiver (payload version 4): firing and resolved alerts, deduplicated by their labels
export const POST = webhookRoute('alertmanager');
