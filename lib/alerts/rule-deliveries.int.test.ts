import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { ruleUpdateSchema } from '@/lib/validation/rules';
import { createUser } from '@/test/fixtures';
import { asViewer } from './testing/api';
import { deleteRule, getRule, updateRule } from './rules';

/** A rule that is switched off or deleted sends nothing more: its queued messages are skipped. */
async function alertWithQueue(ruleId: number, tag: string) {
  const [alert] = await db.execute<{ id: number }>(sql`
    insert into alerts (fingerprint, rule_id, alert_type, severity, title) values (${`fp-${tag}`}, ${ruleId}, 'test', 'warning', 'queued') returning id`);
  for (const [status, n] of [['pending', 1], ['failed', 2], ['sent', 3]] as const) {
    await db.execute(sql`insert into deliveries (alert_id, channel, target, status, idempotency_key)
                         values (${alert!.id}, 'email', 'ops@example.com', ${status}, ${`${tag}-${n}`})`);
  }
  return alert!.id;
}
const statuses = async (alertId: number) =>
  (await db.execute<{ status: string; last_error: string | null }>(sql`select status, last_error from deliveries where alert_id = ${alertId} order by idempotency_key`)).map((r) => [r.status, r.last_error]);

describe('queued messages of a rule', () => {
  it('are skipped when the rule is disabled, and when it is deleted; sent ones stay as they were', async () => {
    const admin = asViewer(await createUser('admin'));
    await seedDefaultRules(db);
    const [disabled, deleted, kept] = await db.execute<{ id: number }>(sql`select id from alert_rules where is_enabled order by id limit 3`);
    if (!disabled || !deleted || !kept) throw new Error('the default rules are missing');
    const [a, b, c] = [await alertWithQueue(disabled.id, `d${disabled.id}`), await alertWithQueue(deleted.id, `x${deleted.id}`), await alertWithQueue(kept.id, `k${kept.id}`)];

    const rule = await getRule(db, admin, disabled.id);
    await updateRule(db, admin, disabled.id, ruleUpdateSchema.parse({ ...rule, is_enabled: false }));
    await deleteRule(db, admin, deleted.id);

    expect(await statuses(a)).toEqual([['skipped', 'rule disabled'], ['skipped', 'rule disabled'], ['sent', null]]);
    expect(await statuses(b)).toEqual([['skipped', 'rule deleted'], ['skipped', 'rule deleted'], ['sent', null]]);
    expect(await statuses(c)).toEqual([['pending', null], ['failed', null], ['sent', null]]);
  });
});
