import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';
import { MAX_TEAM_DEPTH } from '@/lib/alerts/visibility';

/**
 * Tell the live streams that these people's inboxes gained alerts: each person's own streams
 * ('new': they look up what arrived), and whoever watches them — their active managers up the chain
 * and every active admin — that their team view changed ('team'). Issued by the writer that inserted
 * the inbox rows, in its transaction: the notifications are queued and go out right after the commit
 * (ops_notify, db/client.ts), one statement whatever the number of people.
 */
export async function notifyNewInboxRows(tx: Tx, userIds: readonly number[]): Promise<void> {
  if (!userIds.length) return;
  const ids = sqlBigintArray([...new Set(userIds.map(Number))]);
  await tx.execute(sql`
    with recursive up(id, depth) as (
      select u.manager_id, 1 from users u where u.id = any(${ids}) and u.manager_id is not null
      union
      select u.manager_id, up.depth + 1 from up join users u on u.id = up.id
       where u.manager_id is not null and up.depth < ${MAX_TEAM_DEPTH}
    ),
    watchers as (
      select up.id from up join users m on m.id = up.id and m.is_active
      union
      select id from users where role = 'admin' and is_active
    )
    select ops_notify_users('new', ${ids}), ops_notify_users('team', (select array_agg(id order by id) from watchers))`);
}
