import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { listRules } from '@/lib/alerts/rules';
import { asViewer, createRule, createUser } from '@/test/fixtures';

/** The noise score with known answers: one rule, ten alerts in the last 30 days, one older. */
describe('the noise score of a rule', () => {
  let ruleId: number;
  let admin: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    admin = await createUser('admin');
    const staff = await createUser('staff');
    const rule = await createRule({ check: 'event_match', rule_type: 'event', conditions: { event_type: 'noise.known' } });
    ruleId = rule.id;
    // i = 0..9, opened i days ago: 0–3 acknowledged after (i + 1) minutes, 4–9 resolved with nobody acting,
    // 8 and 9 also dismissed unread by their recipient; one more 40 days ago, outside the window
    await db.execute(sql`
      with made as (
        insert into alerts (fingerprint, rule_id, alert_type, severity, title, status, created_at, first_fired_at, last_fired_at, acknowledged_at, resolved_at)
        select 'noise:' || i, ${ruleId}, 'noise', 'warning', 'n', 'resolved', t, t, t,
               case when i < 4 then t + make_interval(mins => i + 1) end, t + interval '1 hour'
          from generate_series(0, 10) i, lateral (select now() - make_interval(days => case when i = 10 then 40 else i end) as t) x
        returning id, (regexp_replace(fingerprint, '^noise:', ''))::int as i, created_at
      )
      insert into alert_recipients (alert_id, user_id, reason, severity, created_at, dismissed_at)
      select id, ${staff.id}, 'user', 'warning', created_at, case when i in (8, 9) then created_at + interval '5 minutes' end from made`);
  });

  it('counts the last 30 days: volume, acknowledged, cleared with nobody acting, dismissed unread, median time to act', async () => {
    const rule = (await listRules(db, asViewer(admin))).find((r) => r.id === ruleId)!;
    expect(rule.stats.noise).toEqual({
      alerts_30d: 10,
      acknowledged_share: 0.4,
      unattended_share: 0.6,
      ignored_share: 0.2,
      // acknowledged after 1, 2, 3 and 4 minutes
      median_action_s: 150,
    });
  });
});
