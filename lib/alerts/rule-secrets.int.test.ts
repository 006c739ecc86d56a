import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ApiError } from '@/lib/api/problem';
import { ruleShapeSchema, ruleUpdateSchema } from '@/lib/validation/rules';
import { createUser } from '@/test/fixtures';
import { REDACTED_HEADER, createRule, getRule, listRules, updateRule } from './rules';
import { asViewer } from './testing/api';

/** Webhook header values are write-only: never read back through the API or the audit log. */
describe('webhook header values', () => {
  it('are shown as set, kept when sent back as set, replaced when given, and never reach the audit log', async () => {
    const admin = asViewer(await createUser('admin'));
    const created = await createRule(db, admin, ruleShapeSchema.parse({
      rule_name: `hooked_${Date.now()}`,
      description: '',
      rule_type: 'sla',
      check: 'sla_at_risk',
      is_enabled: true,
      conditions: {},
      alert_config: {
        severity: 'warning',
        title_template: 'At risk',
        message_template: '',
        recipients: ['assignee'],
        fallback_recipients: [],
        channels: ['in_app', 'webhook'],
        webhook: { url: 'http://127.0.0.1:9/hooks/ops', headers: { authorization: 'Bearer s3cr3t-value', 'x-team': 'ops' } },
      },
    }));
    const shown = { authorization: REDACTED_HEADER, 'x-team': REDACTED_HEADER };
    expect(created.alert_config.webhook).toEqual({ url: 'http://127.0.0.1:9/hooks/ops', headers: shown });
    expect((await getRule(db, admin, created.id)).alert_config.webhook).toMatchObject({ headers: shown });
    expect(JSON.stringify(await listRules(db, admin))).not.toContain('s3cr3t');

    const stored = async () => (await db.execute<{ h: Record<string, string> }>(sql`select alert_config->'webhook'->'headers' as h from alert_rules where id = ${created.id}`))[0]!.h;
    expect(await stored()).toEqual({ authorization: 'Bearer s3cr3t-value', 'x-team': 'ops' });

    // the editor sends back what it showed: the stored values stay; one header changed, one added
    const edited = await getRule(db, admin, created.id);
    const webhook = edited.alert_config.webhook as { url: string; headers: Record<string, string> };
    await updateRule(db, admin, created.id, ruleUpdateSchema.parse({ ...edited, alert_config: { ...edited.alert_config, webhook: { ...webhook, headers: { ...webhook.headers, 'x-team': 'billing', 'x-new': 'n' } } } }));
    expect(await stored()).toEqual({ authorization: 'Bearer s3cr3t-value', 'x-team': 'billing', 'x-new': 'n' });

    // "set" for a header that has no stored value is refused, in words, and changes nothing
    const again = await getRule(db, admin, created.id);
    const hook = again.alert_config.webhook as { url: string; headers: Record<string, string> };
    const refused = await updateRule(db, admin, created.id, ruleUpdateSchema.parse({ ...again, alert_config: { ...again.alert_config, webhook: { ...hook, headers: { ...hook.headers, 'x-other': REDACTED_HEADER } } } })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(422);
    expect(await stored()).toEqual({ authorization: 'Bearer s3cr3t-value', 'x-team': 'billing', 'x-new': 'n' });

    const [audit] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where target_type = 'alert_rule' and target_id = ${String(created.id)} and details::text like '%s3cr3t%'`);
    expect(audit!.n).toBe(0);
  });
});
