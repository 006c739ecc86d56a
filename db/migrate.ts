import { readFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import path from 'node:path';
import postgres from 'postgres';

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'drizzle');
/**
 * The migrations 0000-0030 that drizzle/0000_baseline.sql replaces. A new database is made from the
 * baseline; a database made by some of these is brought up to 0030 by the rest of them first, and
 * then skips the baseline, which carries 0030's journal time (drizzle applies only what is newer
 * than the last migration a database recorded).
 */
export const LEGACY_MIGRATIONS_DIR = path.resolve(process.cwd(), 'db', 'legacy-migrations');

type Journal = { entries: { idx: number; when: number; tag: string }[] };
const journal = (dir: string): Journal => JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;

/** The journal time of the baseline: the last legacy migration's, by construction (checked by db/baseline.int.test.ts). */
export function baselineWhen(): number {
  const first = journal(MIGRATIONS_DIR).entries[0]!;
  if (!first.tag.endsWith('_baseline')) throw new Error(`drizzle/: the first migration is ${first.tag}, not the baseline`);
  return first.when;
}

/** The journal time of the newest migration the database recorded; null for a database never migrated. */
async function lastMigrated(client: postgres.Sql): Promise<number | null> {
  const [table] = await client<{ ok: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`;
  if (!table!.ok) return null;
  const [row] = await client<{ at: string | null }[]>`select max(created_at)::text as at from drizzle.__drizzle_migrations`;
  return row!.at === null ? null : Number(row!.at);
}

/** Apply pending migrations; an advisory lock lets several instances start at once. */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(7263001)`;
    const last = await lastMigrated(client);
    // made before the baseline and not yet at it: the old road up to it
    if (last !== null && last < baselineWhen()) await migrate(drizzle(client), { migrationsFolder: LEGACY_MIGRATIONS_DIR });
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    await client`select pg_advisory_unlock(7263001)`;
  } finally {
    await client.end();
  }
}
