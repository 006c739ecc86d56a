import { sql } from 'drizzle-orm';
import { allOf } from '@/db/sql-arrays';
import type { Tx } from '@/db/client';
import { conflict, notFound } from '@/lib/api/problem';
import { channelSetup, notConfiguredReason, type ChannelName } from '@/lib/delivery/config';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { DeliveriesQuery, DeliveryPage } from '@/lib/validation/admin';
import { pageBefore } from './paging';


type Row = Omit<DeliveryPage['deliveries'][number], 'alert' | 'digest' | 'recipient'> & {
  alert_id: number | null;
  alert_title: string | null;
  alert_severity: string | null;
  digest_id: number | null;
  digest_frequency: string | null;
  digest_period: string | Date | null;
  digest_alerts: number | null;
  user_id: number | null;
  user_name: string | null;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** A webhook's address without its query string or credentials (they can hold secrets). */
export function displayTarget(channel: string, target: string): string {
  if (channel !== 'webhook') return target;
  try {
    const url = new URL(target);
    return `${url.origin}${url.pathname}`;
  } catch {
    return target;
  }
}

/** Every delivery (an alert's, or a person's digest), newest first, by status and channel, keyset-paged: what went out, what is stuck, why. */
export async function listDeliveries(db: Tx, viewer: Viewer, q: DeliveriesQuery): Promise<DeliveryPage> {
  requirePermission(viewer, 'alerts.manage');
  const rows = await db.execute<Row>(sql`
    select d.id, d.kind, d.channel, d.target, d.status, d.attempts, d.last_error, d.sent_at, d.created_at,
           case when d.status in ('pending', 'failed') then d.next_attempt_at end as next_attempt_at,
           a.id as alert_id, a.title as alert_title, a.severity as alert_severity, u.id as user_id, u.name as user_name,
           g.id as digest_id, g.frequency as digest_frequency, g.period_start as digest_period, g.alert_count as digest_alerts
      from deliveries d left join alerts a on a.id = d.alert_id left join digests g on g.id = d.digest_id left join users u on u.id = d.user_id
     where ${allOf([
       // only the filters given: each combination is its own statement, planned for its own index
       ...(q.status ? [sql`d.status = ${q.status}`] : []),
       ...(q.channel ? [sql`d.channel = ${q.channel}`] : []),
       ...(q.before ? [sql`d.id < ${q.before}`] : []),
     ])}
     order by d.id desc
     limit ${q.limit + 1}`);
  const { page, next_before } = pageBefore(rows, q.limit);
  return {
    next_before,
    deliveries: page.map((r) => ({
      id: Number(r.id),
      alert: r.alert_id === null ? null : { id: Number(r.alert_id), title: r.alert_title ?? '', severity: r.alert_severity ?? '' },
      digest: r.digest_id === null ? null : { id: Number(r.digest_id), frequency: r.digest_frequency ?? '', period_start: iso(r.digest_period)!, alerts: Number(r.digest_alerts) },
      kind: r.kind,
      channel: r.channel,
      target: displayTarget(r.channel, r.target),
      recipient: r.user_id === null ? null : { id: Number(r.user_id), name: r.user_name ?? '' },
      status: r.status,
      attempts: r.attempts,
      last_error: r.last_error,
      next_attempt_at: iso(r.next_attempt_at),
      sent_at: iso(r.sent_at),
      created_at: iso(r.created_at)!,
    })),
  };
}

/**
 * Try a failed, dead or skipped delivery again now, with a fresh attempt budget (the worker
 * picks it up at once, the deliver cron at the latest). A sent or queued one is a 409, and so is
 * one skipped because its channel is still not configured here.
 */
export async function retryDelivery(db: Tx, viewer: Viewer, id: number): Promise<void> {
  requirePermission(viewer, 'alerts.manage');
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ status: string; channel: ChannelName }>(sql`select status, channel from deliveries where id = ${id} for update`);
    if (!row) throw notFound('Delivery');
    if (!['failed', 'dead', 'skipped'].includes(row.status)) throw conflict(`This delivery is ${row.status}; only failed, dead or skipped ones can be retried`);
    // it would only be skipped again
    if (row.status === 'skipped' && !channelSetup()[row.channel]) throw conflict(notConfiguredReason(row.channel));
    await tx.execute(sql`update deliveries set status = 'pending', attempts = 0, next_attempt_at = now() where id = ${id}`);
    // wake the senders, as a new outbox row does
    await tx.execute(sql`select ops_notify('ops_deliveries', '')`);
    await recordAudit(tx, viewer, 'delivery.retried', { type: 'delivery', id }, { was: row.status });
  });
}
