import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ingestSignals } from '@/lib/events/ingest';
import { eventsFromWebhook, parseWebhookPayload } from '@/lib/integrations/prometheus';
import { recordEvents } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// POST /api/v1/integrations/alertmanager — an Alertmanager webhook receiver (payload version 4): firing and resolved alerts, deduplicated by their labels
export const POST = withAuth('events.write', async ({ req, viewer }) => {
  const events = eventsFromWebhook(parseWebhookPayload(await readJson(req, 4 * 1024 * 1024)), 'alertmanager');
  const result = await ingestSignals(db, viewer, events, 'alertmanager');
  recordEvents(events.map(() => ({ type: 'alertmanager' })));
  return json(result);
});
