import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabase } from './embedded';
import { baselineWhen, LEGACY_MIGRATIONS_DIR, MIGRATIONS_DIR, runMigrations } from './migrate';

/**
 * drizzle/0000_baseline.sql stands for the legacy migrations 0000-0030: a database made from it and
 * one made by them (then given the baseline's turn, which it skips) have the same schema, down to
 * every function body and trigger, and both take the migrations that come after the baseline.
 */
const adminUrl = inject('adminUrl');
const names = { fresh: `ops_alerts_base_${randomBytes(4).toString('hex')}`, legacy: `ops_alerts_legacy_${randomBytes(4).toString('hex')}` };
const clients: postgres.Sql[] = [];
let dir: string | undefined;

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  for (const name of Object.values(names)) await dropDatabase(adminUrl, name).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Everything a migration decides, as one comparable value. */
const SCHEMA = `
  select json_build_object(
    'columns', (select json_agg(x order by x::text) from (
        select table_name, column_name, data_type, column_default, is_nullable, is_identity, identity_generation, is_generated, generation_expression
          from information_schema.columns where table_schema = 'public') x),
    'constraints', (select json_agg(x order by x::text) from (
        select conrelid::regclass::text as rel, conname, pg_get_constraintdef(oid) as def from pg_constraint where connamespace = 'public'::regnamespace) x),
    'indexes', (select json_agg(x order by x::text) from (select tablename, indexname, indexdef from pg_indexes where schemaname = 'public') x),
    'functions', (select json_agg(x order by x::text) from (
        select p.proname, pg_get_function_identity_arguments(p.oid) as args, pg_get_functiondef(p.oid) as def
          from pg_proc p where p.pronamespace = 'public'::regnamespace) x),
    'triggers', (select json_agg(x order by x::text) from (
        select tgname, pg_get_triggerdef(t.oid) as def, tgenabled from pg_trigger t join pg_class c on c.oid = t.tgrelid
         where not t.tgisinternal and c.relnamespace = 'public'::regnamespace) x),
    'relations', (select json_agg(x order by x::text) from (
        select relname, relkind, reloptions, relpersistence, relreplident from pg_class where relnamespace = 'public'::regnamespace) x),
    'views', (select json_agg(x order by x::text) from (select viewname, definition from pg_views where schemaname = 'public') x),
    'horizon', (select count(*) from rollup_horizon)) as s`;

async function open(name: string): Promise<postgres.Sql> {
  await ensureDatabase(adminUrl, name);
  const client = postgres(withDatabase(adminUrl, name), { max: 1, onnotice: () => {} });
  clients.push(client);
  return client;
}

const recorded = (c: postgres.Sql) => c<{ tag: string; at: number }[]>`select hash as tag, created_at::float8 as at from drizzle.__drizzle_migrations order by id`;

describe('the migration baseline', () => {
  it('carries the journal time of the last legacy migration', async () => {
    const legacy = JSON.parse(await readFile(path.join(LEGACY_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
    expect(legacy.entries.at(-1)!.tag).toBe('0030_new_inbox_rows_notified_by_writers');
    expect(baselineWhen()).toBe(legacy.entries.at(-1)!.when);
  });

  it('makes the schema the legacy migrations make, and both roads take what comes after it', async () => {
    const fresh = await open(names.fresh);
    const legacy = await open(names.legacy);
    await runMigrations(withDatabase(adminUrl, names.fresh));
    await migrate(drizzle(legacy), { migrationsFolder: LEGACY_MIGRATIONS_DIR });
    await runMigrations(withDatabase(adminUrl, names.legacy)); // the baseline's turn: skipped

    // the baseline and what came after it; the 31 legacy migrations and what came after the baseline
    const after = (JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length - 1;
    expect(await recorded(fresh)).toHaveLength(1 + after);
    expect(await recorded(legacy)).toHaveLength(31 + after);
    const [a] = await fresh.unsafe(SCHEMA);
    const [b] = await legacy.unsafe(SCHEMA);
    expect((a!.s as { functions: unknown[] }).functions.length).toBeGreaterThan(5);
    expect(a!.s).toEqual(b!.s);

    // a migration after the baseline: applied once on both, the baseline not run again
    dir = await mkdtemp(path.join(os.tmpdir(), 'ops-alerts-after-baseline-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const journalPath = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
    journal.entries.push({ idx: journal.entries.length, version: '7', when: journal.entries.at(-1)!.when + 1, tag: '9999_probe', breakpoints: true });
    await writeFile(journalPath, JSON.stringify(journal));
    await writeFile(path.join(dir, '9999_probe.sql'), 'CREATE TABLE probe_after_baseline (id int);');
    for (const c of [fresh, legacy]) {
      await migrate(drizzle(c), { migrationsFolder: dir });
      await migrate(drizzle(c), { migrationsFolder: dir });
      expect((await c`select to_regclass('probe_after_baseline') is not null as ok`)[0]!.ok).toBe(true);
    }
    expect(await recorded(fresh)).toHaveLength(2 + after);
    expect(await recorded(legacy)).toHaveLength(32 + after);
  });
});
