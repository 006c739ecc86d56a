import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ingestSignals } from '@/lib/events/ingest';
import { listPrometheusAlerts, parseListQuery } from '@/lib/integrations/alertmanager-api';
import { eventsFromPostable, parsePostableAlerts } from '@/lib/integrations/prometheus';
import { recordEvents } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// POST /api/v2/alerts — Alertmanager API v2: what Prometheus' notifier and `amtool alert add` send;
// committed and routed by the event rules before this answers
export const POST = withAuth('events.write', async ({ req, viewer }) => {
  const events = eventsFromPostable(parsePostableAlerts(await readJson(req, 4 * 1024 * 1024)));
  const result = await ingestSignals(db, viewer, events, 'prometheus');
  recordEvents(events.map(() => ({ type: 'prometheus' })));
  return json(result);
});

// GET /api/v2/alerts — `amtool alert query`: the open Prometheus alerts the caller may see, filtered by label matchers
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  return json(await listPrometheusAlerts(db, viewer, parseListQuery(new URL(req.url).searchParams)));
});
