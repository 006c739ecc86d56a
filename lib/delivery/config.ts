/**
 * Where deliveries go, from the environment (never from the database: these are secrets).
 *   SMTP_URL           smtp(s)://user:pass@host:port for email; unset: email deliveries are skipped
 *   SMTP_FROM          the From of alert email (default "Ops Alerts <alerts@localhost>")
 *   SLACK_WEBHOOK_URL  a Slack incoming webhook; unset: Slack deliveries are skipped
 *   WEBHOOK_SECRET     whsec_… (Standard Webhooks) to sign outgoing webhooks; unset: webhooks are skipped
 *   APP_URL            the app's public address, for links in messages (default http://localhost:$PORT)
 */
export type DeliveryConfig = {
  smtpUrl: string | null;
  smtpFrom: string;
  slackWebhookUrl: string | null;
  webhookSecret: string | null;
  appUrl: string;
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
