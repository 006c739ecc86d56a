import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '../db/embedded';
import { runMigrations } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * One migrated template database per run, on DATABASE_URL's server when set (the CI PostgreSQL 15
 * service) or else on a throwaway embedded server; each test file clones it (test/setup-db.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ops-alerts-test-pg-'));
    await chmod(dir, 0o755); // the server runs as the postgres system user when we are root
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const templateDb = `ops_alerts_tpl_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(adminUrl, templateDb);
  await runMigrations(withDatabase(adminUrl, templateDb));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  console.log(`[test] template database ${templateDb} on ${embedded ? 'embedded PostgreSQL' : new URL(adminUrl).host}`);

  return async () => {
    await dropDatabase(adminUrl, templateDb).catch(() => {});
    if (embedded) await embedded.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
