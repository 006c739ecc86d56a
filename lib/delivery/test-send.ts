import type { Tx } from '@/db/client';
import { recordAudit } from '@/lib/auth/audit';
import { invalidInput } from '@/lib/alerts/query';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { DeliveryTestInput, DeliveryTestResult } from '@/lib/validation/delivery-test';
import { send, type Outgoing } from './channels';
import { deliveryConfig, type DeliveryConfig } from './config';
import { BLOCKED_REASON, CONNECT_FAILED, outboundTargetProblem } from './outbound';

/**
 * Send a test message through each channel asked for, now and outside the outbox, and say how
 * each went: the way an admin checks SMTP_URL, SLACK_WEBHOOK_URL, WEBHOOK_SECRET and a receiver
 * before a real alert depends on them. Admins only (alerts.manage); audited.
 */
export async function sendTestDeliveries(db: Tx, viewer: Viewer, input: DeliveryTestInput, config: DeliveryConfig = deliveryConfig()): Promise<DeliveryTestResult> {
  requirePermission(viewer, 'alerts.manage');
  const problem = input.channels.includes('webhook') && input.webhook_url ? await outboundTargetProblem(input.webhook_url, config.outbound) : null;
  if (problem) throw invalidInput('webhook_url', problem, 'blocked_address');
  const at = new Date();
  const key = `test:${viewer.id}:${at.getTime()}`;
  const results = await Promise.all(
    input.channels.map(async (channel) => {
      const target = channel === 'email' ? (input.email_to ?? viewer.email) : channel === 'slack' ? (input.slack_channel ?? '') : input.webhook_url!;
      const message: Outgoing = {
        id: 0,
        channel,
        target,
        idempotency_key: `${key}:${channel}`,
        attempts: 1,
        webhook_headers: {},
        alert: {
          id: 0,
          title: 'Test message from Ops Alerts',
          message: `${viewer.name} sent this to check the ${channel} channel. Nothing needs doing.`,
          severity: 'info',
          status: 'resolved',
          alert_type: 'delivery_test',
          resource_type: null,
          resource_id: null,
          occurrences: 1,
          escalation_level: 0,
          rule_name: null,
          url: `${config.appUrl}/settings`,
        },
        event: { id: null, kind: 'test', details: {}, at: at.toISOString(), actor_name: viewer.name },
      };
      const started = performance.now();
      const outcome = await send(message, config);
      const duration_ms = Math.round(performance.now() - started);
      if (outcome.ok) return { channel, target, ok: true, outcome: 'sent' as const, error: null, duration_ms };
      // an address refused at connect time (it changed since the check above) reads as any unreachable one
      if (outcome.error === BLOCKED_REASON) return { channel, target, ok: false, outcome: 'failed' as const, error: CONNECT_FAILED, duration_ms };
      const kind = outcome.verdict === 'skip' ? ('not_configured' as const) : outcome.verdict === 'fail' ? ('refused' as const) : ('failed' as const);
      return { channel, target, ok: false, outcome: kind, error: outcome.error, duration_ms };
    }),
  );
  await recordAudit(db, viewer, 'delivery.tested', { type: 'delivery', id: input.channels.join(',') }, { results: results.map(({ channel, outcome }) => ({ channel, outcome })) });
  return { results };
}
