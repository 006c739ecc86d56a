// type only: client components import this file, the guard itself is server code
import type { OutboundOptions } from './outbound';

/**
 * Where deliveries go, from the environment (never from the database: these are secrets).
 *   SMTP_URL           smtp(s)://user:pass@host:port for email; unset: email deliveries are skipped
 *   SMTP_FROM          the From of alert email (default "Ops Alerts <alerts@localhost>")
 *   SLACK_WEBHOOK_URL  a Slack incoming webhook; unset: Slack deliveries are skipped
 *   WEBHOOK_SECRET     whsec_… (Standard Webhooks) to sign outgoing webhooks; unset: webhooks are skipped
 *   APP_URL            the app's public address, for links in messages (default http://localhost:$PORT)
 *   OUTBOUND_ALLOW     hosts and CIDR ranges webhooks and Slack may reach although internal (lib/delivery/outbound.ts)
 */
export type DeliveryConfig = {
  smtpUrl: string | null;
  smtpFrom: string;
  slackWebhookUrl: string | null;
  webhookSecret: string | null;
  appUrl: string;
  /** The outbound guard's allow list and resolver; unset: OUTBOUND_ALLOW and the system resolver. */
  outbound?: OutboundOptions;
};

export function deliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  return {
    smtpUrl: env.SMTP_URL || null,
    smtpFrom: env.SMTP_FROM || 'Ops Alerts <alerts@localhost>',
    slackWebhookUrl: env.SLACK_WEBHOOK_URL || null,
    webhookSecret: env.WEBHOOK_SECRET || null,
    appUrl: (env.APP_URL || env.AUTH_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}

export type ChannelName = 'email' | 'slack' | 'webhook';
/** Which channels this deployment can send through: the settings page warns, and a delivery skipped for want of one offers no retry. */
export type ChannelSetup = Record<ChannelName, boolean>;

/** The setting each channel needs (README, Configuration). */
export const CHANNEL_SETTING: Record<ChannelName, string> = { email: 'SMTP_URL', slack: 'SLACK_WEBHOOK_URL', webhook: 'WEBHOOK_SECRET' };

export function channelSetup(cfg: DeliveryConfig = deliveryConfig()): ChannelSetup {
  return { email: cfg.smtpUrl !== null, slack: cfg.slackWebhookUrl !== null, webhook: cfg.webhookSecret !== null };
}

const CHANNEL_WORD: Record<ChannelName, string> = { email: 'Email', slack: 'Slack', webhook: 'Sending webhooks' };

/** Why a delivery through a channel this server has not set up did not go out; admins also learn why retrying will not help yet. */
export const notConfiguredReason = (channel: ChannelName, forAdmin = true) =>
  forAdmin
    ? `${CHANNEL_WORD[channel]} is not set up on this server (${CHANNEL_SETTING[channel]} is not set), so a retry would be skipped again. Set ${CHANNEL_SETTING[channel]}, then retry.`
    : `${CHANNEL_WORD[channel]} is not set up on this server, so this was not sent.`;
