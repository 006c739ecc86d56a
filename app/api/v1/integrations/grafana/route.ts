import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ingestSignals } from '@/lib/events/ingest';
import { eventsFromWebhook, parseWebhookPayload } from '@/lib/integrations/prometheus';
import { recordEvents } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// POST /api/v1/integrations/grafana — a Grafana webhook contact point: firing and resolved alerts, deduplicated by their labels
export const POST = withAuth('events.write', async ({ req, viewer }) => {
  const events = eventsFromWebhook(parseWebhookPayload(await readJson(req, 4 * 1024 * 1024)), 'grafana');
  const result = await ingestSignals(db, viewer, events, 'grafana');
  recordEvents(events.map(() => ({ type: 'grafana' })));
  return json(result);
});
