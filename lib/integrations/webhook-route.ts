import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ingestSignals } from '@/lib/events/ingest';
import { recordEvents } from '@/lib/metrics/registry';
import { eventsFromWebhook, parseWebhookPayload } from './prometheus';

/**
 * The route of a webhook receiver (Alertmanager's or Grafana's): parse the payload, route its
 * alerts through the event rules in one transaction, count them once committed.
 */
export const webhookRoute = (source: 'alertmanager' | 'grafana') =>
  withAuth('events.write', async ({ req, viewer }) => {
    const events = eventsFromWebhook(parseWebhookPayload(await readJson(req, 4 * 1024 * 1024)), source);
    const result = await ingestSignals(db, viewer, events, source);
    recordEvents(events.map(() => ({ type: source })));
    return json(result);
  });
