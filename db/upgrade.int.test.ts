import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { foldRollups } from '@/lib/analytics/fold';
import type { Tx } from './client';
import { dropDatabase, ensureDatabase, withDatabase } from './embedded';
import { LEGACY_MIGRATIONS_DIR, runMigrations } from './migrate';

/**
 * A database made by the migrations up to 0023 (main before the write path left the triggers), with
 * alerts, inbox rows and deliveries its triggers counted into the rollups, upgrades in place (the
 * legacy migrations 0024-0030, then the baseline skipped: db/migrate.ts): they keep its data, and its rollups stay what they were — a fold after the upgrade
 * finds nothing to add, and one after a new write counts just that write.
 */
const LAST_OLD = '0023_complaint_due_hours';

const adminUrl = inject('adminUrl');
const name = `ops_alerts_upgrade_${randomBytes(5).toString('hex')}`;
let dir: string | undefined;
let sql: postgres.Sql | undefined;

afterAll(async () => {
  await sql?.end();
  await dropDatabase(adminUrl, name).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The (legacy) migrations folder as it was at `last`: the same files, the journal cut there. */
async function migrationsUpTo(last: string): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ops-alerts-migrations-'));
  await cp(LEGACY_MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === last);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut + 1);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

const ROLLUPS = `
  select json_build_object(
    'hours', (select json_agg(h order by h) from (select hour, severity, alert_type, sum(opened) o, sum(acknowledged) a, sum(resolved) r,
                                                          sum(unattended) u, sum(open) op, sum(closed) c
                                                     from alert_hours group by 1, 2, 3) h),
    'durations', (select json_agg(d order by d) from (select span, start, measure, bin, sum(n) n, sum(ms) ms from alert_durations group by 1, 2, 3, 4) d),
    'deliveries', (select json_agg(d order by d) from (select hour, channel, status, sum(n) n from alert_delivery_hours group by 1, 2, 3) d),
    'people', (select json_agg(p order by p) from (select day, user_id, sum(alerts) a, sum(acknowledged) k from alert_person_days group by 1, 2) p)) as r`;

describe('a database made before the write path left the triggers', () => {
  it('upgrades in place: data kept, rollups as the triggers left them, folds count only what comes after', async () => {
    await ensureDatabase(adminUrl, name);
    const url = withDatabase(adminUrl, name);
    sql = postgres(url, { max: 1, onnotice: () => {} });
    await migrate(drizzle(sql), { migrationsFolder: await migrationsUpTo(LAST_OLD) });

    // written as the code of then wrote it: the triggers fill the outbox and the rollups
    await sql.unsafe(`
      insert into users (email, name, role) values ('lead@upgrade.test', 'Lead', 'manager'), ('staff@upgrade.test', 'Staff', 'staff');
      insert into alert_rules (rule_name, rule_type, "check", conditions, alert_config)
      values ('upgrade_rule', 'event', 'event_match', '{}', '{"severity":"error","title_template":"t","recipients":[],"channels":["in_app","email"],"cooldown_minutes":0}');
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, created_at)
      select 'up-' || g, (select id from alert_rules), 'upgrade', 'error', 'Upgrade ' || g, now() - make_interval(hours => g) from generate_series(1, 6) g;
      insert into alert_recipients (alert_id, user_id, reason, severity)
      select a.id, u.id, 'user', 'error' from alerts a cross join users u;
      insert into alert_events (alert_id, kind) select id, 'fired' from alerts;
      update alerts set status = 'acknowledged', acknowledged_at = now() where fingerprint in ('up-1', 'up-2');
      update alerts set status = 'resolved', resolved_at = now() where fingerprint in ('up-2', 'up-3');
      update deliveries set status = 'sent', sent_at = now() where id in (select id from deliveries order by id limit 3);`);
    const [before] = await sql.unsafe(ROLLUPS);
    const [counts] = await sql`select (select count(*) from alerts)::int as alerts, (select count(*) from alert_recipients)::int as inbox,
                                      (select count(*) from deliveries)::int as deliveries`;
    expect(counts).toEqual({ alerts: 6, inbox: 12, deliveries: 12 });

    await runMigrations(url);

    const [after] = await sql.unsafe(ROLLUPS);
    expect(after!.r).toEqual(before!.r);
    expect((await sql`select count(*)::int as n from deliveries`)[0]!.n).toBe(12);
    // everything was counted by the triggers: a fold finds nothing
    const db = drizzle(sql) as unknown as Tx;
    expect(await foldRollups(db)).toEqual({ alerts_folded: 0, inbox_rows_folded: 0, deliveries_folded: 0 });
    expect((await sql.unsafe(ROLLUPS))[0]!.r).toEqual(before!.r);

    // a write after the upgrade is folded, and only it
    await sql`update alerts set status = 'resolved', resolved_at = now() where fingerprint = 'up-4'`;
    expect(await foldRollups(db)).toEqual({ alerts_folded: 1, inbox_rows_folded: 0, deliveries_folded: 0 });
    const [{ r: folded }] = (await sql.unsafe(ROLLUPS)) as unknown as [{ r: { hours: { r: number; op: number }[] } }];
    const total = (k: 'r' | 'op', x: { hours: { r: number; op: number }[] }) => x.hours.reduce((n, h) => n + Number(h[k]), 0);
    const was = before!.r as { hours: { r: number; op: number }[] };
    expect([total('r', folded), total('op', folded)]).toEqual([total('r', was) + 1, total('op', was) - 1]);
  });
});
