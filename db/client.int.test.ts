import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from './client';

/** Statements this connection holds prepared whose text contains `marker`. */
async function prepared(db: ReturnType<typeof createDb>['db'], marker: string): Promise<number> {
  // no parameters: runs over the simple protocol, so it does not prepare itself
  const rows = await db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from pg_prepared_statements where statement like '%${marker}%'`));
  return rows[0]!.n;
}

describe('database client', () => {
  const opened: ReturnType<typeof createDb>[] = [];
  const open = () => {
    const handle = createDb(process.env.DATABASE_URL!, { max: 1 });
    opened.push(handle);
    return handle.db;
  };
  afterEach(async () => {
    delete process.env.DB_PREPARE;
    await Promise.all(opened.splice(0).map((h) => h.client.end()));
  });

  it('prepares parameterized queries once per connection, inside transactions and savepoints too', async () => {
    const db = open();
    for (let i = 0; i < 3; i++) expect((await db.execute<{ x: number }>(sql`select ${i}::int as x -- plain_marker`))[0]!.x).toBe(i);
    expect(await prepared(db, 'plain_marker')).toBe(1);

    await db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as tx_marker`);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ${2}::int as savepoint_marker`);
      });
    });
    expect(await prepared(db, 'tx_marker')).toBe(1);
    expect(await prepared(db, 'savepoint_marker')).toBe(1);
  });

  it('leaves statements unprepared with DB_PREPARE=0, for poolers in transaction mode', async () => {
    process.env.DB_PREPARE = '0';
    const db = open();
    await db.execute(sql`select ${1}::int as unprepared_marker`);
    expect(await prepared(db, 'unprepared_marker')).toBe(0);
  });

  it('keeps multi-statement SQL without parameters working (migrations, scripts)', async () => {
    const db = open();
    await db.execute(sql.raw('create temp table t_multi (x int); insert into t_multi values (1), (2)'));
    expect((await db.execute<{ n: number }>(sql`select count(*)::int as n from t_multi where x > ${0}`))[0]!.n).toBe(2);
  });
  it('sends notifications from a transaction after its commit, never from one rolled back', async () => {
    const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
    opened.push({ db, client } as ReturnType<typeof createDb>);
    const heard: string[] = [];
    const listener = await client.listen('ops_test_deferred', (payload) => heard.push(payload));
    const until = async (n: number) => {
      for (let i = 0; i < 100 && heard.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    };

    // inside a transaction: recorded, not notified; the same one twice is sent once
    await db.transaction(async (tx) => {
      await tx.execute(sql`select ops_notify('ops_test_deferred', 'first')`);
      await tx.execute(sql`select ops_notify('ops_test_deferred', 'first')`);
      const [row] = await tx.execute<{ p: string }>(sql`select current_setting('ops.pending_notify', true) as p`);
      expect(JSON.parse(row!.p)).toEqual([['ops_test_deferred', 'first']]);
    });
    await until(1);
    expect(heard).toEqual(['first']);

    // rolled back, also only a savepoint: nothing of it is sent
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select ops_notify('ops_test_deferred', 'rolled back')`);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await db.transaction(async (tx) => {
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ops_notify('ops_test_deferred', 'savepoint undone')`);
        sp.rollback();
      }).catch(() => {});
      await tx.execute(sql`select ops_notify('ops_test_deferred', 'second')`);
    });
    // outside a transaction: sent by itself, as pg_notify
    await db.execute(sql`select ops_notify('ops_test_deferred', 'third')`);
    await until(3);
    expect(heard).toEqual(['first', 'second', 'third']);
    await listener.unlisten();
  });
});
