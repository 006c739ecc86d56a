/**
 * The delivery worker (lib/delivery/worker.ts) alone in a process of its own, as the web server
 * runs it: for tests that kill it. DATABASE_URL, WEBHOOK_SECRET and OUTBOUND_ALLOW come from the
 * environment. Run with `node --import tsx test/delivery-worker-process.ts`; SIGTERM stops it
 * the graceful way.
 */
import { startDeliveryWorker } from '@/lib/delivery/worker';

const stop = startDeliveryWorker();
process.once('SIGTERM', () => void stop().finally(() => process.exit(0)));
