import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlTextArray } from '@/db/sql-arrays';
import { recordAudit } from '@/lib/auth/audit';
import type { Viewer } from '@/lib/auth/permissions';
import { DEFAULT_SUBSCRIPTION_CHANNELS, type PutSubscriptionsInput, type Subscription, type SubscriptionList } from '@/lib/validation/subscriptions';
import { invalidInput } from './query';

/**
 * Every alert type the viewer can receive (those of the enabled rules, plus any they saved a
 * choice for) with the channels that reach them personally when they have saved nothing:
 * in-app, and email when a rule of that type emails. (A rule's alerts carry
 * alert_config.alert_type, or the check's name when it has none, as fire.ts does.)
 */
const knownTypes = (viewer: Viewer) => sql`
  with rule_types as (
    select coalesce(alert_config->>'alert_type', "check") as alert_type,
           bool_or(coalesce(alert_config->'channels', '["in_app"]'::jsonb) ? 'email') as emails
      from alert_rules where is_enabled group by 1
  )
  select k.alert_type,
         case when r.emails then ${sqlTextArray(['in_app', 'email'])} else ${sqlTextArray(DEFAULT_SUBSCRIPTION_CHANNELS)} end as default_channels
    from (select alert_type from rule_types union select alert_type from alert_subscriptions where user_id = ${viewer.id}) k
    left join rule_types r on r.alert_type = k.alert_type`;

/**
 * Every alert type the viewer can receive, with their choice, or the default (enabled, the
 * rules' personal channels) where they made none. lib/alerts/fire.ts leaves a disabled type out
 * of their inbox; the delivery policy (lib/delivery/policy.ts) emails by the same choice.
 */
export async function listSubscriptions(db: Tx, viewer: Viewer): Promise<SubscriptionList> {
  const rows = await db.execute<Subscription>(sql`
    select k.alert_type, coalesce(s.is_enabled, true) as is_enabled, coalesce(s.delivery_channels, k.default_channels) as delivery_channels
      from (${knownTypes(viewer)}) k
      left join alert_subscriptions s on s.user_id = ${viewer.id} and s.alert_type = k.alert_type
     order by k.alert_type`);
  return { subscriptions: rows.map((r) => ({ alert_type: r.alert_type, is_enabled: r.is_enabled, delivery_channels: r.delivery_channels })) };
}

/** Upsert the given types in one statement (the rest stay as they are); an unknown type is a 422 and saves nothing. */
export async function updateSubscriptions(db: Tx, viewer: Viewer, input: PutSubscriptionsInput): Promise<SubscriptionList> {
  return db.transaction(async (tx) => {
    if (input.subscriptions.length) {
      const known = new Set((await tx.execute<{ alert_type: string }>(knownTypes(viewer))).map((r) => r.alert_type));
      const unknown = input.subscriptions.findIndex((s) => !known.has(s.alert_type));
      if (unknown >= 0) {
        throw invalidInput(`subscriptions.${unknown}.alert_type`, `Unknown alert type ${input.subscriptions[unknown]!.alert_type}`, 'unknown_alert_type');
      }
      await tx.execute(sql`
        insert into alert_subscriptions (user_id, alert_type, is_enabled, delivery_channels)
        select ${viewer.id}, x.alert_type, x.is_enabled, coalesce(x.delivery_channels, s.delivery_channels, k.default_channels)
          from jsonb_to_recordset(${JSON.stringify(input.subscriptions)}::jsonb) as x(alert_type text, is_enabled boolean, delivery_channels text[])
          join (${knownTypes(viewer)}) k on k.alert_type = x.alert_type
          left join alert_subscriptions s on s.user_id = ${viewer.id} and s.alert_type = x.alert_type
        on conflict (user_id, alert_type) do update
          set is_enabled = excluded.is_enabled, delivery_channels = excluded.delivery_channels, updated_at = now()`);
      await recordAudit(tx, viewer, 'alert_subscriptions.updated', { type: 'user', id: viewer.id }, { alert_types: input.subscriptions.map((s) => s.alert_type) });
    }
    return listSubscriptions(tx, viewer);
  });
}
