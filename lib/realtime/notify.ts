import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { MAX_TEAM_DEPTH } from '@/lib/alerts/visibility';

/** What a write changed that someone's live streams show (lib/realtime/hub.ts). */
export type InboxNotice = {
  /** people whose inboxes gained alerts ('new': their streams look up what arrived) */
  newInbox?: readonly number[] | null;
  /** alerts whose status, occurrences or escalation level changed ('state' to every recipient) */
  changedAlerts?: readonly number[] | null;
  /** people who read, dismissed, snoozed or got back an inbox row ('inbox': their other tabs and devices follow) */
  inboxChanged?: readonly number[] | null;
};

const distinctIds = (ids: readonly number[] | null | undefined) => [...new Set((ids ?? []).map(Number))];

/**
 * Tell the live streams what a write changed, in the writer's transaction: the notifications are
 * queued and go out right after the commit (ops_notify, db/client.ts). People whose inbox gained an
 * alert or whose alert changed are watched by their active managers up the chain and every active
 * admin, whose team view changes with them ('team'). One statement whatever the number of people;
 * a change to inbox rows alone (a person reading) needs no watchers and costs no walk.
 */
export async function notifyInbox(tx: Tx, notice: InboxNotice): Promise<void> {
  const fresh = distinctIds(notice.newInbox);
  const alerts = distinctIds(notice.changedAlerts);
  const touched = distinctIds(notice.inboxChanged);
  if (!fresh.length && !alerts.length) {
    if (touched.length) await tx.execute(sql`select ops_notify_users('inbox', ${sqlBigintArray(touched)})`);
    return;
  }
  await tx.execute(sql`
    with recursive changed as (
      select coalesce(array_agg(distinct r.user_id), '{}') as ids from alert_recipients r where r.alert_id = any(${sqlBigintArray(alerts)})
    ),
    watched as (
      select unnest(${sqlBigintArray(fresh)}) as id union select unnest(ids) from changed
    ),
    up(id, depth) as (
      select u.manager_id, 1 from users u where u.id in (select id from watched) and u.manager_id is not null
      union
      select u.manager_id, up.depth + 1 from up join users u on u.id = up.id
       where u.manager_id is not null and up.depth < ${MAX_TEAM_DEPTH}
    ),
    watchers as (
      select up.id from up join users m on m.id = up.id and m.is_active
      union
      select id from users where role = 'admin' and is_active and exists (select 1 from watched)
    )
    select ops_notify_users('new', ${sqlBigintArray(fresh)}), ops_notify_users('state', (select ids from changed)),
           ops_notify_users('inbox', ${sqlBigintArray(touched)}), ops_notify_users('team', (select array_agg(id order by id) from watchers))`);
}
