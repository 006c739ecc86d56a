/**
 * The production web server: the built Next.js app, behind lib/api/front-door.ts (the peer
 * address stamped, paths that do not decode refused), plus the delivery worker
 * (lib/delivery/worker.ts).
 * `npm start` runs it; on its own it needs a build (`npm run build`) and DATABASE_URL.
 * PORT (default 3000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { root } from './lib/web-app';

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, dir: root, port });
await app.prepare();
const handle = app.getRequestHandler();
// after prepare: our lib reaches next/headers, which needs the AsyncLocalStorage Next sets up
const { frontDoor } = await import('../lib/api/front-door');
// alert email, Slack and webhooks go out as soon as they commit (the deliver cron job is the backstop),
// from a process of its own: sending does not queue behind requests on this one's thread
const { deliveryWorkerBeside } = await import('../lib/delivery/worker');
const stopDelivery = superviseDeliveryWorker();

// the peer address stamped, malformed path escapes refused, then Next
const server = http.createServer(frontDoor(handle));
// an idle keep-alive connection stays open longer than clients and load balancers keep theirs (a
// 60 s idle timeout is common): with Node's 5 s, a client reusing a connection just as the server
// closed it got ECONNRESET ("socket hang up"). headersTimeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`▲ Ops Alerts web server on http://localhost:${port}`));

/**
 * scripts/delivery-worker.ts as a child process, started again a second after it ends by itself;
 * its metrics are fetched over IPC for GET /api/metrics (lib/metrics/exposition.ts). Returns the stop.
 */
function superviseDeliveryWorker(): () => Promise<void> {
  const unmark = deliveryWorkerBeside();
  let child: ChildProcess | null = null;
  let stopping = false;
  let asked = 0;
  const answers = new Map<number, (values: unknown[]) => void>();
  const start = () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'delivery-worker.ts')], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m: { type?: string; id?: number; values?: unknown[] }) => {
      if (m?.type !== 'metrics' || m.id === undefined) return;
      answers.get(m.id)?.(m.values ?? []);
      answers.delete(m.id);
    });
    child.once('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      console.error(`[delivery] the worker process ended (${signal ?? code}); starting it again`);
      setTimeout(start, 1000).unref();
    });
  };
  start();
  (globalThis as unknown as { __opsAlertsWorkerMetrics?: () => Promise<unknown[]> }).__opsAlertsWorkerMetrics = () =>
    new Promise((resolve) => {
      if (!child?.connected) return resolve([]);
      const id = ++asked;
      answers.set(id, resolve);
      child.send({ type: 'metrics', id });
      setTimeout(() => answers.delete(id) && resolve([]), 2000).unref();
    });
  return async () => {
    stopping = true;
    unmark();
    const running = child;
    if (!running) return;
    const ended = new Promise<void>((r) => running.once('exit', () => r()));
    running.kill('SIGTERM');
    await ended;
  };
}

function stop() {
  server.close();
  // live streams never end by themselves
  server.closeAllConnections();
  void Promise.allSettled([stopDelivery(), app.close()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
