import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or a transaction: lib functions take either. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Server-side prepared statements for every parameterized query. drizzle hands postgres.js each
 * query through `unsafe(…, { prepare: false })`, and an unprepared query with parameters costs two
 * round trips (Parse/Describe, then Bind/Execute) and a fresh plan every time
 * (drizzle-team/drizzle-orm#6096). Prepared, it is one round trip and a cached plan after the
 * first use on a connection. DB_PREPARE=0 turns this off, for a pooler in transaction mode
 * (PgBouncer) that cannot keep statements.
 */
export function preparing<S extends Sql | TransactionSql>(sql: S, prepare = process.env.DB_PREPARE !== '0'): S {
  if (!prepare) return sql;
  type Method = (...args: unknown[]) => unknown;
  return new Proxy(sql, {
    get(target, prop, receiver) {
      const own = target as unknown as Record<string | symbol, Method>;
      if (prop === 'unsafe') {
        return (query: string, args: unknown[] = [], options: Record<string, unknown> = {}) =>
          // a query without parameters keeps the one-round-trip simple protocol (and may hold several statements)
          own.unsafe!(query, args, args.length > 0 ? { ...options, prepare: true } : options);
      }
      if (prop === 'begin' || prop === 'savepoint') {
        // a transaction (or savepoint) hands its callback a new client: it prepares too
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: TransactionSql) => unknown;
          return own[prop]!(...args, (tx: TransactionSql) => fn(preparing(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Notifications from inside a transaction go out after its commit. NOTIFY at commit takes a
 * database-wide lock and holds it through the commit's WAL flush, so transactions that notify
 * commit one after another, whatever else they do (db/legacy-migrations/0018). Within db.transaction the
 * triggers' ops_notify() only records what to send (transaction-local, so a rollback — also of a
 * savepoint — takes it back); once the commit has returned, it is sent in one short statement that
 * does not wait for a WAL flush (a notification is not durable anyway). Listeners hear it a moment
 * after the commit, as before; if this process dies in between, the delivery worker's wake-up
 * timer and a stream's reconnect catch up.
 */
export function deferringNotifies<S extends Sql>(sql: S): S {
  type Begin = (...args: unknown[]) => Promise<unknown>;
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop !== 'begin') return Reflect.get(target, prop, receiver);
      return async (...args: unknown[]) => {
        const fn = args.pop() as (tx: TransactionSql) => unknown;
        // the bookkeeping rides along with the transaction's own statements (postgres.js pipelines
        // what is queued on a connection): no round trip of its own before the first statement, nor
        // before COMMIT
        let pendingRead: Promise<unknown> | undefined;
        const result = await (target.begin as unknown as Begin)(...args, async (tx: TransactionSql) => {
          const armed = tx.unsafe(`select set_config('ops.defer_notify', 'on', true)`);
          armed.catch(() => {}); // a failure shows in fn's statements (the transaction is aborted)
          const out = await fn(tx);
          await armed;
          pendingRead = tx.unsafe(`select current_setting('ops.pending_notify', true) as p`);
          pendingRead.catch(() => {}); // and if this fails, so does the COMMIT queued behind it
          return out;
        });
        const [row] = (await pendingRead) as { p: string | null }[];
        const pending = row?.p ?? '';
        if (pending && pending !== '[]') await sendNotifies(target, pending);
        return result;
      };
    },
  });
}

async function sendNotifies(sql: Sql, pending: string): Promise<void> {
  try {
    await sql.unsafe(
      `select set_config('synchronous_commit', 'off', true), count(pg_notify(x->>0, x->>1)) from jsonb_array_elements($1::jsonb) x`,
      [pending],
      { prepare: process.env.DB_PREPARE !== '0' },
    );
  } catch (err) {
    // committed already: the work stands; listeners catch up at their next wake-up
    console.error('[db] sending notifications after commit failed', err);
  }
}

const RECONNECT_WAIT_MAX_S = 0.25;

export function createDb(url: string, opts: { max?: number } = {}) {
  const client = postgres(url, {
    max: opts.max ?? Number(process.env.DB_POOL_MAX ?? 10),
    onnotice: () => {},
    // a database that does not answer is given up on in 1.5 s (a 503 within 2 s), not after the OS gives up
    connect_timeout: Number(process.env.DB_CONNECT_TIMEOUT ?? 1.5),
    // postgres.js waits up to 20 s before a connection that failed may try again (3^failures / 100 s,
    // counted across the pool): a request would wait that long for its 503, and for the database once
    // it is back. A short capped wait keeps both within the connect timeout's reach.
    backoff: (failures: number) => Math.min(0.05 * 2 ** failures, RECONNECT_WAIT_MAX_S),
    // int8 (ids, counts) comes back as a JS number: ids stay well under 2^53
    types: { int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
    transform: { undefined: null },
  });
  return { db: drizzle(preparing(deferringNotifies(client)), { schema }), client };
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
