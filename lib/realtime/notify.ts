import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { sqlBigintArray } from '@/db/sql-arrays';

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
 * queued and go out right after the commit (ops_notify, db/client.ts). Only the people are named:
 * each app instance's hub finds who watches them (their managers up the chain, the admins) among
 * its own open streams, so a write pays no walk up the org chart (lib/realtime/hub.ts). One short
 * statement whatever the number of people.
 */
export async function notifyInbox(tx: Tx, notice: InboxNotice): Promise<void> {
  const fresh = distinctIds(notice.newInbox);
  const alerts = distinctIds(notice.changedAlerts);
  const touched = distinctIds(notice.inboxChanged);
  if (!fresh.length && !alerts.length && !touched.length) return;
  const state = alerts.length
    ? sql`(select array_agg(distinct r.user_id) from alert_recipients r where r.alert_id = any(${sqlBigintArray(alerts)}))`
    : sql`null::bigint[]`;
  await tx.execute(sql`
    select ops_notify_users('new', ${sqlBigintArray(fresh)}), ops_notify_users('state', ${state}),
           ops_notify_users('inbox', ${sqlBigintArray(touched)})`);
}

/** The org chart changed (a person added, a manager or role changed, someone deactivated): the hubs read again who watches whom. */
export async function notifyPeopleChanged(tx: Tx): Promise<void> {
  await tx.execute(sql`select ops_notify('ops_alerts', '{"k":"people"}')`);
}
