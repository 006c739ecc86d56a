import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { createRule } from '@/test/fixtures';
import { startHoldingReceiver } from '@/test/receivers';
import type { DeliveryConfig } from './config';
import { dispatchDue } from './dispatch';
import { startDeliveryWorker } from './worker';
import { enqueueDeliveries } from '@/lib/delivery/policy';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
let receiver: Awaited<ReturnType<typeof startHoldingReceiver>>;
let config: DeliveryConfig;
const saved = process.env.WEBHOOK_SECRET;
beforeAll(async () => {
  receiver = await startHoldingReceiver();
  config = { smtpUrl: null, smtpFrom: 'x <x@test.local>', slackWebhookUrl: null, webhookSecret: SECRET, appUrl: 'https://ops.example' };
  process.env.WEBHOOK_SECRET = SECRET;
});
afterAll(async () => {
  await receiver.close();
  if (saved === undefined) delete process.env.WEBHOOK_SECRET;
  else process.env.WEBHOOK_SECRET = saved;
});

let seq = 0;
/** One alert fired by a rule whose webhook is the holding receiver: one delivery queued. */
async function queuedWebhook(): Promise<number> {
  const rule = await createRule({ check: 'event_match', rule_type: 'event', alert_config: { channels: ['webhook'], webhook: { url: `${receiver.base}/held`, headers: {} } } });
  const [alert] = await db.execute<{ id: number }>(sql`
    insert into alerts (fingerprint, rule_id, alert_type, severity, title) values (${`held-${++seq}`}, ${rule.id}, 'test', 'warning', 'Held') returning id`);
  const [ev] = await db.execute<{ id: number }>(sql`insert into alert_events (alert_id, kind) values (${alert!.id}, 'fired') returning id`);
  await db.transaction((tx) => enqueueDeliveries(tx, [ev!.id]));
  return alert!.id;
}
const statusOf = async (alertId: number) => (await db.execute<{ status: string }>(sql`select status from deliveries where alert_id = ${alertId}`))[0]?.status;

describe('a delivery being sent', () => {
  it('stays its sender’s past the lease while the receiver is slow: no second sender sends it again', async () => {
    const alertId = await queuedWebhook();
    const first = dispatchDue(db, { config, leaseSeconds: 1 });
    await expect.poll(() => receiver.held.length, { timeout: 10_000 }).toBe(1);
    // well past the 1 s lease it was claimed with
    await new Promise((r) => setTimeout(r, 2500));
    expect(await dispatchDue(db, { config })).toMatchObject({ claimed: 0 });
    expect(receiver.held).toHaveLength(1);

    receiver.held.shift()!.end('ok');
    expect(await first).toMatchObject({ claimed: 1, sent: 1 });
    expect(await statusOf(alertId)).toBe('sent');
  });

  it('is finished and recorded when the worker stops, and nothing more is claimed', async () => {
    const alertId = await queuedWebhook();
    const stop = startDeliveryWorker();
    await expect.poll(() => receiver.held.length, { timeout: 10_000 }).toBe(1);
    const stopped = stop();
    const later = await queuedWebhook();
    receiver.held.shift()!.end('ok');
    await stopped;
    expect(await statusOf(alertId)).toBe('sent');
    expect(await statusOf(later)).toBe('pending');
    expect(receiver.held).toHaveLength(0);
  });
});
