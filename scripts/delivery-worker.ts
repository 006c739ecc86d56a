/**
 * The delivery worker (lib/delivery/worker.ts) in a process of its own. scripts/serve.ts starts it
 * beside the web server, so that sending (claims, signing, one HTTP request per webhook, recording
 * outcomes) does not queue behind requests on the server's one thread, and the other core takes
 * it. It answers the server's request for its metrics (GET /api/metrics shows both processes), and
 * stops the graceful way on SIGTERM or when the server that started it is gone. DATABASE_URL,
 * WEBHOOK_SECRET, SMTP_URL and the rest come from the environment.
 * Alone: `node --import tsx scripts/delivery-worker.ts` (tests that kill it run it so).
 */
import { startDeliveryWorker } from '@/lib/delivery/worker';
import { DELIVERY_METRICS, metrics } from '@/lib/metrics/registry';

const stop = startDeliveryWorker();
let stopping = false;
const leave = () => {
  if (stopping) return;
  stopping = true;
  void stop().finally(() => process.exit(0));
};
process.once('SIGTERM', leave);
process.once('SIGINT', leave);
// started by the server over IPC: its metrics on request, and gone with the server
process.on('message', (message: { type?: string; id?: number }) => {
  if (message?.type !== 'metrics') return;
  void metrics.registry.getMetricsAsJSON().then((values) =>
    process.send?.({ type: 'metrics', id: message.id, values: values.filter((m) => DELIVERY_METRICS.has(m.name)) }),
  );
});
process.once('disconnect', leave);
