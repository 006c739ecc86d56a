import nodemailer, { type Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { DeliveryConfig } from './config';
import { BLOCKED_REASON, BlockedAddressError, CONNECT_FAILED, guardedPost, OutboundError, type OutboundOptions, type OutboundResponse } from './outbound';
import { emailMessage, slackMessage, webhookPayload, type OutgoingAlert, type OutgoingEvent } from './render';
import { digestEmail, type DigestContent } from './digest-render';
import { appSecret } from '@/lib/auth/secret';
import { unsubscribeToken } from '@/lib/auth/unsubscribe-token';

/** One message to send, as the dispatcher claimed it. */
export type Outgoing = {
  id: number;
  channel: 'email' | 'slack' | 'webhook';
  target: string;
  idempotency_key: string;
  attempts: number;
  alert: OutgoingAlert;
  event: OutgoingEvent;
  webhook_headers: Record<string, string>;
};

/** A person's digest (one email listing their unread open alerts), as the dispatcher claimed it. */
export type OutgoingDigest = {
  id: number;
  channel: 'email';
  target: string;
  idempotency_key: string;
  attempts: number;
  user_id: number;
  digest: DigestContent;
};

/** Where a digest's "turn it off" leads: a confirm page for people, the one-click POST (RFC 8058) for mail clients. */
export function unsubscribeUrls(appUrl: string, token: string) {
  return { page: `${appUrl}/unsubscribe/${token}`, oneClick: `${appUrl}/api/v1/digests/unsubscribe/${token}` };
}

/**
 * How a send went. `retry`: worth another attempt (optionally not before `after` seconds);
 * `fail`: permanent (the receiver said no for good); `skip`: the channel is not configured here.
 */
export type Outcome = { ok: true } | { ok: false; verdict: 'retry' | 'fail' | 'skip'; error: string; after?: number };

const TIMEOUT_MS = 10_000;
const USER_AGENT = 'OpsAlerts/1 (+delivery)';

let transport: { url: string; t: Transporter } | null = null;
function mailer(url: string): Transporter {
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url, { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS }) };
  return transport.t;
}

async function sendEmail(msg: Outgoing, cfg: DeliveryConfig): Promise<Outcome> {
  if (!cfg.smtpUrl) return { ok: false, verdict: 'skip', error: 'email is not configured here (SMTP_URL)' };
  const { subject, text, html } = emailMessage(msg.alert, msg.event, cfg.appUrl);
  return sendOutboxMail(cfg.smtpUrl, cfg, msg.idempotency_key, {
    to: msg.target,
    subject,
    text,
    html,
    headers: { 'X-Ops-Alert-Id': String(msg.alert.id), 'X-Ops-Alert-Event': msg.event.kind },
  });
}

/**
 * One outbox email through SMTP, with the Message-ID of its idempotency key (the same message on a
 * retry: mail clients and gateways can tell). A 5xx from the server is its final word on this
 * message (no such mailbox, refused); anything else may pass later.
 */
async function sendOutboxMail(
  smtpUrl: string,
  cfg: DeliveryConfig,
  idempotencyKey: string,
  message: { to: string; subject: string; text: string; html: string; headers: Record<string, string> },
): Promise<Outcome> {
  try {
    await mailer(smtpUrl).sendMail({ from: cfg.smtpFrom, ...message, messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@ops-alerts>` });
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string };
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    return { ok: false, verdict: permanent ? 'fail' : 'retry', error: `SMTP: ${e.message ?? String(err)}`.slice(0, 500) };
  }
}

async function sendDigest(msg: OutgoingDigest, cfg: DeliveryConfig): Promise<Outcome> {
  if (!cfg.smtpUrl) return { ok: false, verdict: 'skip', error: 'email is not configured here (SMTP_URL)' };
  const secret = appSecret();
  if (!secret) return { ok: false, verdict: 'skip', error: 'AUTH_SECRET is not set: a digest needs it for its unsubscribe link' };
  const links = unsubscribeUrls(cfg.appUrl, unsubscribeToken(msg.user_id, secret));
  const { subject, text, html } = digestEmail(msg.digest, { appUrl: cfg.appUrl, unsubscribeUrl: links.page });
  return sendOutboxMail(cfg.smtpUrl, cfg, msg.idempotency_key, {
    to: msg.target,
    subject,
    text,
    html,
    headers: {
      'X-Ops-Digest': msg.digest.frequency,
      // RFC 2369 + RFC 8058: mail clients offer "unsubscribe" and POST to it in one click
      'List-Unsubscribe': `<${links.oneClick}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}

/** A message outside the outbox (an invite link): sent once, now; the caller learns only whether it went. */
export async function sendPlainEmail(cfg: DeliveryConfig, message: { to: string; subject: string; text: string; html: string }): Promise<boolean> {
  if (!cfg.smtpUrl) return false;
  try {
    await mailer(cfg.smtpUrl).sendMail({ from: cfg.smtpFrom, ...message });
    return true;
  } catch (err) {
    console.error('[email] could not send:', (err as Error).message);
    return false;
  }
}

/** What a receiver's HTTP status means, in fixed words: the receiver's own body never comes back. */
function statusReason(status: number): string {
  if (status >= 300 && status < 400) return 'redirect not followed';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate limited';
  if (status >= 500) return 'receiver error';
  return 'rejected by the receiver';
}

async function post(url: string, body: string, headers: Record<string, string>, outbound?: OutboundOptions): Promise<Outcome> {
  let res: OutboundResponse;
  try {
    res = await guardedPost(url, { body, headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT }, timeoutMs: TIMEOUT_MS }, outbound);
  } catch (err) {
    // an inside address will not become an outside one: no retry
    if (err instanceof BlockedAddressError) return { ok: false, verdict: 'fail', error: BLOCKED_REASON };
    return { ok: false, verdict: 'retry', error: err instanceof OutboundError ? err.message : CONNECT_FAILED };
  }
  if (res.ok) return { ok: true };
  const error = `HTTP ${res.status}: ${statusReason(res.status)}`;
  // 410 Gone: the receiver asks us to stop; other answers may change, so they are retried
  if (res.status === 410) return { ok: false, verdict: 'fail', error };
  const retryAfter = Number(res.header('retry-after'));
  return { ok: false, verdict: 'retry', error, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { after: retryAfter } : {}) };
}

async function sendSlack(msg: Outgoing, cfg: DeliveryConfig): Promise<Outcome> {
  if (!cfg.slackWebhookUrl) return { ok: false, verdict: 'skip', error: 'Slack is not configured here (SLACK_WEBHOOK_URL)' };
  const outcome = await post(cfg.slackWebhookUrl, JSON.stringify(slackMessage(msg.alert, msg.event, cfg.appUrl, msg.target)), {}, cfg.outbound);
  // Slack answers 4xx for a removed webhook or a bad channel: that will not fix itself
  if (!outcome.ok && /^HTTP 4(0[0-4])/.test(outcome.error)) return { ...outcome, verdict: 'fail' };
  return outcome;
}

let signer: { secret: string; wh: Webhook } | null = null;
/** The signer for a secret, made once (it decodes the secret) rather than per message. */
function webhookSigner(secret: string): Webhook {
  if (signer?.secret !== secret) signer = { secret, wh: new Webhook(secret) };
  return signer.wh;
}

async function sendWebhook(msg: Outgoing, cfg: DeliveryConfig): Promise<Outcome> {
  if (!cfg.webhookSecret) return { ok: false, verdict: 'skip', error: 'webhooks are not configured here (WEBHOOK_SECRET)' };
  const body = JSON.stringify(webhookPayload(msg.alert, msg.event, cfg.appUrl));
  const at = new Date();
  let signature: string;
  try {
    signature = webhookSigner(cfg.webhookSecret).sign(msg.idempotency_key, at, body);
  } catch (err) {
    return { ok: false, verdict: 'skip', error: `WEBHOOK_SECRET is not a valid whsec_ secret: ${(err as Error).message}` };
  }
  return post(msg.target, body, {
    ...msg.webhook_headers,
    'webhook-id': msg.idempotency_key,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  }, cfg.outbound);
}

export function send(msg: Outgoing | OutgoingDigest, cfg: DeliveryConfig): Promise<Outcome> {
  if ('digest' in msg) return sendDigest(msg, cfg);
  switch (msg.channel) {
    case 'email':
      return sendEmail(msg, cfg);
    case 'slack':
      return sendSlack(msg, cfg);
    case 'webhook':
      return sendWebhook(msg, cfg);
  }
}
