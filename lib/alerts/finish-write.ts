import type { Tx } from '@/db/client';
import { enqueueDeliveries } from '@/lib/delivery/policy';
import { notifyInbox } from '@/lib/realtime/notify';

/** What an alert's writing statement returns for what follows it. */
export type AlertWrite = {
  /** the timeline events it wrote: their deliveries */
  event_ids?: readonly number[] | null;
  /** the people whose inboxes gained the alert */
  inbox_user_ids?: readonly number[] | null;
  /** the alerts whose status, occurrences or escalation level it changed */
  changed_alert_ids?: readonly number[] | null;
  /** the people whose inbox rows it read, dismissed, snoozed or brought back unread */
  inbox_changed_user_ids?: readonly number[] | null;
};

/**
 * What every writer of alerts and inbox rows owes after its statement, in the same transaction: the
 * deliveries its timeline events tell (lib/delivery/policy.ts), and the live notification of what
 * changed (lib/realtime/notify.ts). One call, so a new writer cannot do one and forget the other.
 */
export async function finishAlertWrite(tx: Tx, written: AlertWrite): Promise<void> {
  // independent of each other: sent together (postgres.js pipelines a transaction's queued statements)
  await Promise.all([
    enqueueDeliveries(tx, written.event_ids ?? []),
    notifyInbox(tx, { newInbox: written.inbox_user_ids, changedAlerts: written.changed_alert_ids, inboxChanged: written.inbox_changed_user_ids }),
  ]);
}
