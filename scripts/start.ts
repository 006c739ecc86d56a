/**
 * `npm start`: the whole product from one command.
 *   database  DATABASE_URL, or an embedded PostgreSQL with its data in $DATA_DIR (default .data/)
 *   schema    migrations applied; default rules seeded; demo data into an empty database in demo mode
 *   setup     outside demo mode with no admin (and no ADMIN_EMAIL): a one-time link to create the first one
 *   web       `next build` when the build is missing or older than the sources, then `next start`
 *   cron      a local scheduler calling the cron routes on the schedules in vercel.json
 *   demo      an activity generator that keeps complaints, payments and metrics arriving
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../db/client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../db/embedded';
import { startDemoActivity } from '../db/demo-activity';
import { runMigrations } from '../db/migrate';
import { DEMO_USERS, seedBootstrapAdmin, seedDemo } from '../db/seed';
import { createSetupLink, hasActiveAdmin, removeSetupUrlFile, setupUrl, writeSetupUrlFile } from '../lib/auth/setup';
import { seedDefaultRules } from '../lib/checks/default-rules';
import { deliveryConfig } from '../lib/delivery/config';
import { startLocalScheduler } from '../lib/cron/scheduler';
import { DataDirBusy, lockDataDir } from './lib/data-dir-lock';
import { buildIfStale, root, spawnWeb, waitForHealth } from './lib/web-app';

process.chdir(root);
const dev = process.argv.includes('--dev');
const log = (m: string) => console.log(`[ops-alerts] ${m}`);
const DATA_DIR = path.resolve(root, process.env.DATA_DIR || '.data');
const PORT = Number(process.env.PORT || 3000);

/** AUTH_SECRET and CRON_SECRET from the environment, or generated once and kept in $DATA_DIR. */
function loadSecrets(): { authSecret: string; cronSecret: string } {
  const file = path.join(DATA_DIR, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const next = {
    AUTH_SECRET: process.env.AUTH_SECRET || stored.AUTH_SECRET || randomBytes(32).toString('base64url'),
    CRON_SECRET: process.env.CRON_SECRET || stored.CRON_SECRET || randomBytes(24).toString('base64url'),
  };
  if (!process.env.AUTH_SECRET || !process.env.CRON_SECRET) {
    writeFileSync(file, JSON.stringify({ ...stored, ...next }, null, 2), { mode: 0o600 });
  }
  return { authSecret: next.AUTH_SECRET, cronSecret: next.CRON_SECRET };
}

async function main() {
  mkdirSync(DATA_DIR, { recursive: true });
  // one `npm start` per data directory: a second one would take the first one's database away
  const releaseDataDir = lockDataDir(DATA_DIR, PORT);
  process.on('exit', releaseDataDir);
  const { authSecret, cronSecret } = loadSecrets();

  let embedded: EmbeddedServer | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    log(`starting embedded PostgreSQL (data in ${path.relative(root, DATA_DIR) || '.'}/pg)`);
    embedded = await startEmbeddedPostgres({
      dir: path.join(DATA_DIR, 'pg'),
      port: Number(process.env.EMBEDDED_PG_PORT || 54329),
      supervise: true,
      // the server's own chatter stays quiet; what the supervisor does is said
      log: (line) => line.startsWith('[postgres] ') && log(line),
    });
    await ensureDatabase(embedded.adminUrl, 'ops_alerts');
    databaseUrl = withDatabase(embedded.adminUrl, 'ops_alerts');
  }
  const demo = process.env.DEMO ? process.env.DEMO === '1' || process.env.DEMO === 'true' : !process.env.DATABASE_URL;

  await runMigrations(databaseUrl);
  const { db, client } = createDb(databaseUrl, { max: 3 });
  const demoPassword = process.env.DEMO_PASSWORD || 'demo-password';
  if (demo) {
    if (await seedDemo(db, demoPassword)) log('demo data seeded');
  } else {
    await seedDefaultRules(db);
    if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD && (await seedBootstrapAdmin(db, process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD))) {
      log(`created admin ${process.env.ADMIN_EMAIL}`);
    }
  }

  // first run outside demo mode without ADMIN_EMAIL: a one-time link creates the first admin
  const setupUrlFile = path.join(DATA_DIR, 'setup-url.txt');
  let setupLink: string | null = null;
  if (!demo && !process.env.ADMIN_EMAIL && !(await hasActiveAdmin(db))) {
    const { token } = await createSetupLink(db);
    setupLink = setupUrl(deliveryConfig({ ...process.env, PORT: String(PORT) }).appUrl, token);
    writeSetupUrlFile(setupUrlFile, setupLink);
  } else {
    removeSetupUrlFile(setupUrlFile);
  }

  const loginHint = demo ? `Demo logins: ${DEMO_USERS.map((u) => u.email).join(', ')} — password "${demoPassword}"` : '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: authSecret,
    CRON_SECRET: cronSecret,
    PORT: String(PORT),
    DEMO_LOGIN_HINT: loginHint,
    // the web server removes the setup link's file once the first admin exists
    SETUP_URL_FILE: setupUrlFile,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (!dev) await buildIfStale(env, log);
  const web = spawnWeb(dev ? 'dev' : 'start', PORT, env);

  const stops: (() => void)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stops.forEach((s) => s());
    if (web.exitCode === null) {
      web.kill('SIGTERM');
      await new Promise((r) => web.once('exit', r));
    }
    await client.end({ timeout: 2 }).catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  web.on('exit', (code) => void shutdown(code ?? 1));

  const baseUrl = `http://127.0.0.1:${PORT}`;
  await waitForHealth(`${baseUrl}/api/health`, web);
  if (process.env.LOCAL_CRON !== '0') {
    stops.push(startLocalScheduler({ baseUrl, secret: cronSecret, runAtStart: true, log: (m) => log(`cron ${m}`) }));
  }
  if (demo && process.env.DEMO_ACTIVITY !== '0') {
    stops.push(startDemoActivity(db, Number(process.env.DEMO_ACTIVITY_INTERVAL_MS || 20_000), log));
  }
  // where this run's database is, for tools that start a second instance against it (e2e)
  writeFileSync(path.join(DATA_DIR, 'runtime.json'), JSON.stringify({ database_url: databaseUrl, port: PORT }), { mode: 0o600 });
  log(`ready on http://localhost:${PORT}`);
  if (loginHint) log(loginHint);
  if (setupLink) log(`Set up the first admin: ${setupLink}`);
}

main().catch((err) => {
  if (err instanceof DataDirBusy) {
    console.error(`[ops-alerts] ${err.message}`);
    process.exit(1);
  }
  console.error('[ops-alerts] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
