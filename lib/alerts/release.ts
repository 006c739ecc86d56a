import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { finishAlertWrite } from './finish-write';

export type ReleaseCounts = {
  /** alerts still firing whose held recipients and channels were told now */
  told: number;
  /** alerts another active silence matched: held on under that one */
  still_silenced: number;
  /** alerts acknowledged or resolved meanwhile: let go, nobody told */
  let_go: number;
};

/**
 * The end of a silence, for every alert it held since firing (alert_holds), in ONE statement:
 *   still firing and matched by no other active silence: the people decided at firing (a person
 *     deactivated since is stood in for by their nearest active manager) get their inbox rows,
 *     unread; a 'fired' event with details.after_silence queues the deliveries (lib/delivery/policy.ts)
 *     as at firing; the escalation clock starts;
 *   matched by another active silence: held on under that one (a 'silenced' event says so);
 *   acknowledged or resolved meanwhile: let go, nobody told.
 * Each hold is taken under a row lock and deleted as it is told, so two releases at once (the
 * deliver job and an admin ending the silence) tell each alert once. Runs in the caller's
 * transaction: the admin's end of a silence, and the deliver job every minute.
 */
export async function releaseEndedSilences(tx: Tx, silenceId: number | null = null): Promise<ReleaseCounts> {
  const [row] = await tx.execute<ReleaseCounts & { event_ids: number[]; inbox_user_ids: number[] }>(sql`
    with ended as materialized (
      select h.alert_id, h.silence_id, h.recipients, h.grouped, h.escalate_after_minutes,
             a.status, a.rule_id, a.alert_type, a.severity,
             ops_active_silence(a.rule_id, a.alert_type, a.severity, a.resource_type, a.resource_id) as next_silence
        from alert_holds h
        join silences s on s.id = h.silence_id
        join alerts a on a.id = h.alert_id
       where s.ends_at <= now() and (${silenceId}::bigint is null or h.silence_id = ${silenceId}::bigint)
         -- in alert order: releases running at once (the deliver job on two instances, an admin
         -- ending the silence) queue on the same first row instead of deadlocking
         order by h.alert_id
         for update of h, a
    ),
    moved as (
      update alert_holds h set silence_id = e.next_silence
        from ended e
       where h.alert_id = e.alert_id and e.status = 'firing' and e.next_silence is not null
      returning h.alert_id, e.silence_id as previous
    ),
    released as (
      delete from alert_holds h using ended e
       where h.alert_id = e.alert_id and (e.status <> 'firing' or e.next_silence is null)
      returning h.alert_id
    ),
    told as (
      select e.* from ended e join released r on r.alert_id = e.alert_id where e.status = 'firing'
    ),
    people as (
      select distinct on (t.alert_id, d.id) t.alert_id, d.id as user_id,
             case when d.id = p.user_id then p.reason else 'delegate' end as reason, t.severity, t.grouped
        from told t
        cross join lateral jsonb_to_recordset(t.recipients) as p(user_id bigint, reason text)
        cross join lateral (select ops_active_delegate(p.user_id) as id) d
       where d.id is not null
         and not exists (select 1 from alert_subscriptions s where s.user_id = d.id and s.alert_type = t.alert_type and not s.is_enabled)
       order by t.alert_id, d.id, reason
    ),
    recip as (
      insert into alert_recipients (alert_id, user_id, reason, severity, read_at)
      select alert_id, user_id, reason, severity, case when grouped then now() end from people
      on conflict do nothing
      returning alert_id, user_id
    ),
    clock as (
      update alerts a
         set next_escalation_at = case when not t.grouped then now() + make_interval(mins => t.escalate_after_minutes) end,
             updated_at = now()
        from told t
       where a.id = t.alert_id
    ),
    events as (
      insert into alert_events (alert_id, kind, details)
      select t.alert_id, case when t.grouped then 'grouped' else 'fired' end,
             jsonb_build_object('rule_id', t.rule_id, 'after_silence', t.silence_id,
                                'recipients', (select count(*) from people p where p.alert_id = t.alert_id))
        from told t
      union all
      select m.alert_id, 'silenced', jsonb_build_object('after_silence', m.previous, 'silence_id', e.next_silence)
        from moved m join ended e on e.alert_id = m.alert_id
      returning id
    )
    select (select count(*) from told)::int as told,
           (select count(*) from moved)::int as still_silenced,
           (select count(*) from released)::int - (select count(*) from told)::int as let_go,
           array(select id from events) as event_ids, array(select distinct user_id from recip) as inbox_user_ids`);
  const { event_ids, inbox_user_ids, ...counts } = row!;
  await finishAlertWrite(tx, { event_ids, inbox_user_ids });
  return counts;
}
