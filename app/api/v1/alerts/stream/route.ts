import { withAuth } from '@/lib/api/handler';
import { inboxStream } from '@/lib/realtime/stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// GET /api/v1/alerts/stream — Server-Sent Events of the viewer's inbox (count, alert, changed); resumes from Last-Event-ID
export const GET = withAuth('alerts.read', async ({ req, viewer }) => {
  const stream = inboxStream(viewer, req.headers.get('last-event-id'), req.signal);
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
