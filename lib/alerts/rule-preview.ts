import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { alertRules } from '@/db/schema';
import { ApiError, notFound } from '@/lib/api/problem';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { CHECKS } from '@/lib/checks/registry';
import type { RulePreviewResult } from '@/lib/validation/alert-responses';
import { alertConfigSchema, type RulePreviewInput } from '@/lib/validation/rules';
import { fireCandidates } from './fire';
import { withoutCounting } from '@/lib/metrics/registry';
import { normalizeRule, ruleColumns } from './rules';

const SAMPLE = 20;

/** Carries the preview out of the transaction it rolls back. */
class Rollback {
  constructor(readonly result: RulePreviewResult) {}
}

/**
 * What a rule, as it is being edited, would do if it ran now: the alerts it would raise (titles
 * rendered, recipients, deliveries per channel), repeat and resolve — found by really running
 * it, with deduplication, silences, caps and grouping against the live data, in a transaction
 * that is then rolled back. Nothing is kept, nobody is notified (NOTIFY only goes out at commit).
 */
export async function previewRule(db: Db, viewer: Viewer, input: RulePreviewInput): Promise<RulePreviewResult> {
  requirePermission(viewer, 'alerts.manage');
  const rule = normalizeRule(input);
  const check = CHECKS[rule.check]!;
  const config = alertConfigSchema.parse(rule.alert_config);
  if (check.job === null) {
    return {
      counts: { candidates: 0, created: 0, repeated: 0, resolved: 0, recipients: 0, silenced: 0, throttled: 0, grouped: 0 },
      alerts: [],
      resolves: [],
      note: 'This rule fires on incoming events (POST /api/v1/events; Prometheus, Alertmanager and Grafana alerts as prometheus.alert), not on the data as it is now.',
    };
  }
  try {
    // rolled back: what it fires is not counted in the metrics either
    await withoutCounting(() => db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = '15s'`);
      let id: number;
      // enabled and under a name of its own for the run; rolled back with the rest
      const values = { ...ruleColumns(rule), ruleName: `${rule.rule_name}__preview`, alertConfig: config, isEnabled: true };
      if (input.id) {
        const [row] = await tx.update(alertRules).set(values).where(eq(alertRules.id, input.id)).returning({ id: alertRules.id });
        if (!row) throw notFound('Rule');
        id = row.id;
      } else {
        id = (await tx.insert(alertRules).values(values).returning({ id: alertRules.id }))[0]!.id;
      }
      await check.before?.(tx, { id }, rule.conditions);
      const counts = await fireCandidates(tx, { id, ruleName: rule.rule_name, check: rule.check, alertConfig: config }, check.candidates({ id }, rule.conditions));
      // what this transaction made: its rows carry its start time, now()
      const alerts = await tx.execute<RulePreviewResult['alerts'][number]>(sql`
        select a.fingerprint, a.title, a.message, a.severity,
               case when a.resource_type is not null then json_build_object('type', a.resource_type, 'id', a.resource_id) end as resource,
               case when a.metadata ? 'silenced_by' then 'silenced' when (a.metadata->>'throttled')::boolean then 'throttled'
                    when a.metadata->>'group_key' is not null and a.metadata->>'group_key' <> a.fingerprint then 'grouped' end as quiet,
               coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
                           from (select u.id, u.name from alert_recipients r join users u on u.id = r.user_id
                                  where r.alert_id = a.id order by u.name limit 5) u), '[]') as recipients,
               (select count(*)::int from alert_recipients r where r.alert_id = a.id) as recipient_count,
               coalesce((select json_object_agg(channel, n) from (select channel, count(*)::int as n from deliveries d
                                                                  where d.alert_id = a.id group by channel) c), '{}') as deliveries
          from alerts a
         where a.rule_id = ${id} and a.created_at = now()
         order by a.id
         limit ${SAMPLE}`);
      const resolves = await tx.execute<{ id: number; title: string }>(sql`
        select id, title from alerts where rule_id = ${id} and resolved_at = now() and created_at < now() order by id limit ${SAMPLE}`);
      throw new Rollback({ counts, alerts: [...alerts], resolves: resolves.map((r) => ({ id: Number(r.id), title: r.title })), note: null });
    }));
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    if ((err as { code?: string }).code === '57014') throw new ApiError(422, 'Unprocessable Content', 'The preview took longer than 15 s; narrow the conditions');
    throw err;
  }
  throw new Error('unreachable: a preview always rolls back');
}
