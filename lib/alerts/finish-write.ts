import type { Tx } from '@/db/client';
import { enqueueDeliveries } from '@/lib/delivery/policy';
import { notifyNewInboxRows } from '@/lib/realtime/notify';

/** What an alert's writing statement returns for what follows it: the timeline events and the people whose inboxes gained the alert. */
export type AlertWrite = { event_ids?: readonly number[] | null; inbox_user_ids?: readonly number[] | null };

/**
 * What every writer of alerts owes after its statement, in the same transaction: the deliveries its
 * timeline events tell (lib/delivery/policy.ts), and the live notification of its new inbox rows
 * (lib/realtime/notify.ts). One call, so a new writer cannot do one and forget the other.
 */
export async function finishAlertWrite(tx: Tx, written: AlertWrite): Promise<void> {
  await enqueueDeliveries(tx, written.event_ids ?? []);
  await notifyNewInboxRows(tx, written.inbox_user_ids ?? []);
}
