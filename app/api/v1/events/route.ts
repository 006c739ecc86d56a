import { db } from '@/db/client';
import { readJson, withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { ingestEvents } from '@/lib/events/ingest';
import { recordEvents } from '@/lib/metrics/registry';
import { parseIngestBody } from '@/lib/validation/events';

export const dynamic = 'force-dynamic';

// POST /api/v1/events — one event or a batch of up to 1,000; stored and evaluated before this answers
export const POST = withAuth('events.write', async ({ req, viewer }) => {
  const events = parseIngestBody(await readJson(req, 4 * 1024 * 1024));
  const result = await ingestEvents(db, viewer, events);
  recordEvents(events); // counted once committed
  return json(result);
});
