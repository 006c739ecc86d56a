/**
 * The production web server: the built Next.js app, behind lib/api/front-door.ts (the peer
 * address stamped, paths that do not decode refused), plus the delivery worker
 * (lib/delivery/worker.ts).
 * `npm start` runs it; on its own it needs a build (`npm run build`) and DATABASE_URL.
 * PORT (default 3000).
 */
import http from 'node:http';
import next from 'next';
import { root } from './lib/web-app';

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, dir: root, port });
await app.prepare();
const handle = app.getRequestHandler();
// after prepare: our lib reaches next/headers, which needs the AsyncLocalStorage Next sets up
const { frontDoor } = await import('../lib/api/front-door');
// alert email, Slack and webhooks go out as soon as they commit (the deliver cron job is the backstop)
const { startDeliveryWorker } = await import('../lib/delivery/worker');
const stopDelivery = startDeliveryWorker();

// the peer address stamped, malformed path escapes refused, then Next
const server = http.createServer(frontDoor(handle));
// an idle keep-alive connection stays open longer than clients and load balancers keep theirs (a
// 60 s idle timeout is common): with Node's 5 s, a client reusing a connection just as the server
// closed it got ECONNRESET ("socket hang up"). headersTimeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`▲ Ops Alerts web server on http://localhost:${port}`));

function stop() {
  server.close();
  // live streams never end by themselves
  server.closeAllConnections();
  void Promise.allSettled([stopDelivery(), app.close()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
