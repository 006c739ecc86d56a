import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sqlArray, sqlBigintArray, sqlTextArray } from '@/db/sql-arrays';
import { send, type Outcome, type Outgoing } from './channels';
import { deliveryConfig, type DeliveryConfig } from './config';
import type { OutgoingAlert } from './render';

export const MAX_ATTEMPTS = 8;
/** Rows claimed at a time; a drain that claims a full batch goes on, as more may be due. */
export const DISPATCH_BATCH = 100;
// a claimed row is the claimer's for this long; after that (a crashed sender) it is due again
const LEASE = '2 minutes';

/** Seconds before attempt `attempts + 1`: 30 s doubling to an hour, ±20% so retries spread out. */
export function backoffSeconds(attempts: number, random = Math.random): number {
  const base = Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type DispatchCounts = { claimed: number; sent: number; retrying: number; dead: number; skipped: number };

type Claimed = {
  id: number;
  channel: Outgoing['channel'];
  target: string;
  idempotency_key: string;
  attempts: number;
  kind: string;
  event_id: number | null;
  event_at: string;
  details: Record<string, unknown> | null;
  actor_name: string | null;
  webhook_headers: Record<string, string> | null;
  alert_id: number;
} & Omit<OutgoingAlert, 'id'>;

/**
 * Send what is due, once: claim up to `limit` rows with SKIP LOCKED (so any number of senders on
 * any number of instances share the work without sending a message twice), send them with
 * bounded concurrency outside any transaction, then record every outcome in one statement.
 * At-least-once: a sender that dies mid-way leaves its rows to be claimed again when the lease ends;
 * receivers can tell a repeat by its idempotency key (the webhook-id, the email's Message-ID).
 */
export async function dispatchDue(db: Db, opts: { limit?: number; concurrency?: number; config?: DeliveryConfig } = {}): Promise<DispatchCounts> {
  const { limit = DISPATCH_BATCH, concurrency = 8, config = deliveryConfig() } = opts;
  const rows = await db.execute<Claimed>(sql`
    with due as (
      select d.id, coalesce(not u.is_active, false) as gone
        from deliveries d left join users u on u.id = d.user_id
       where d.status in ('pending', 'failed', 'sending') and d.next_attempt_at <= now()
       order by d.next_attempt_at
       limit ${limit}
         for update of d skip locked
    ),
    -- a person deactivated after the message was queued gets nothing more
    dropped as (
      update deliveries d set status = 'skipped', last_error = 'recipient deactivated'
        from due where d.id = due.id and due.gone
    ),
    claimed as (
      update deliveries d
         set status = 'sending', attempts = d.attempts + 1, next_attempt_at = now() + ${LEASE}::interval
        from due where d.id = due.id and not due.gone
      returning d.id, d.alert_id, d.event_id, d.kind, d.channel, d.target, d.attempts, d.idempotency_key, d.created_at
    )
    select c.id, c.channel, c.target, c.idempotency_key, c.attempts, c.kind, c.event_id,
           to_char(coalesce(e.created_at, c.created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as event_at,
           e.details, u.name as actor_name, r.alert_config->'webhook'->'headers' as webhook_headers,
           a.id as alert_id, a.title, a.message, a.severity, a.status, a.alert_type, a.resource_type, a.resource_id,
           a.occurrences, a.escalation_level, r.rule_name
      from claimed c
      join alerts a on a.id = c.alert_id
      left join alert_rules r on r.id = a.rule_id
      left join alert_events e on e.id = c.event_id
      left join users u on u.id = e.actor_id`);
  if (!rows.length) return { claimed: 0, sent: 0, retrying: 0, dead: 0, skipped: 0 };

  const outcomes = new Array<Outcome>(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      const row = rows[i]!;
      outcomes[i] = await send(toOutgoing(row), config).catch((err: unknown) => ({ ok: false, verdict: 'retry', error: String(err).slice(0, 500) }) as Outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));

  const status = rows.map((r, i) => {
    const o = outcomes[i]!;
    if (o.ok) return 'sent';
    if (o.verdict === 'skip') return 'skipped';
    if (o.verdict === 'fail' || r.attempts >= MAX_ATTEMPTS) return 'dead';
    return 'failed';
  });
  const delay = rows.map((r, i) => {
    const o = outcomes[i]!;
    return !o.ok && o.after ? Math.min(3600, Math.max(Math.ceil(o.after), 1)) : backoffSeconds(r.attempts);
  });
  await db.execute(sql`
    update deliveries d
       set status = x.status, last_error = x.error,
           sent_at = case when x.status = 'sent' then now() end,
           next_attempt_at = case when x.status = 'failed' then now() + make_interval(secs => x.delay) else d.next_attempt_at end
      from unnest(${sqlBigintArray(rows.map((r) => r.id))}, ${sqlTextArray(status)},
                  ${sqlTextArray(outcomes.map((o) => (o.ok ? '' : o.error)))}, ${sqlArray(delay, 'bigint')}) as x(id, status, error, delay)
     where d.id = x.id and d.status = 'sending'`);
  const count = (s: string) => status.filter((x) => x === s).length;
  return { claimed: rows.length, sent: count('sent'), retrying: count('failed'), dead: count('dead'), skipped: count('skipped') };
}

function toOutgoing(r: Claimed): Outgoing {
  return {
    id: r.id,
    channel: r.channel,
    target: r.target,
    idempotency_key: r.idempotency_key,
    attempts: r.attempts,
    webhook_headers: r.webhook_headers ?? {},
    alert: {
      id: Number(r.alert_id),
      title: r.title,
      message: r.message,
      severity: r.severity,
      status: r.status,
      alert_type: r.alert_type,
      resource_type: r.resource_type,
      resource_id: r.resource_id,
      occurrences: r.occurrences,
      escalation_level: r.escalation_level,
      rule_name: r.rule_name,
    },
    event: { id: r.event_id === null ? null : Number(r.event_id), kind: r.kind, details: r.details ?? {}, at: r.event_at, actor_name: r.actor_name },
  };
}
