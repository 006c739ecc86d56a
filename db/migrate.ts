import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import path from 'node:path';
import postgres from 'postgres';

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'drizzle');

/** Apply pending migrations; an advisory lock lets several instances start at once. */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(7263001)`;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    await client`select pg_advisory_unlock(7263001)`;
  } finally {
    await client.end();
  }
}
