import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or a transaction: lib functions take either. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export function createDb(url: string, opts: { max?: number } = {}) {
  const client = postgres(url, {
    max: opts.max ?? Number(process.env.DB_POOL_MAX ?? 10),
    onnotice: () => {},
    // int8 (ids, counts) comes back as a JS number: ids stay well under 2^53
    types: { int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
    transform: { undefined: null },
  });
  return { db: drizzle(client, { schema }), client };
}

type Handle = ReturnType<typeof createDb>;
const g = globalThis as unknown as { __opsAlertsDb?: Handle };

function handle(): Handle {
  if (!g.__opsAlertsDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded server)');
    g.__opsAlertsDb = createDb(url);
  }
  return g.__opsAlertsDb;
}

/** The process-wide database handle, created on first use from DATABASE_URL. */
export const db: Db = new Proxy({} as Db, {
  get: (_t, prop) => Reflect.get(handle().db, prop, handle().db),
});

export function sqlClient() {
  return handle().client;
}
