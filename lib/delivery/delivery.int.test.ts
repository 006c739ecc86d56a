import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as testRoute } from '@/app/api/v1/alerts/test/route';
import { db } from '@/db/client';
import { alertSubscriptions, deliveries, notificationPreferences } from '@/db/schema';
import { escalateDueAlerts } from '@/lib/alerts/escalate';
import { acknowledgeAlert, resolveAlert } from '@/lib/alerts/lifecycle';
import { runCronJob } from '@/lib/cron/run';
import type { DeliveryTestResult } from '@/lib/validation/delivery-test';
import type { AlertConfig } from '@/lib/validation/rules';
import { asViewer, createUser, everyChannelRule, tokenFor } from '@/test/fixtures';
import { startHttpReceiver, startSmtpReceiver } from '@/test/receivers';
import type { DeliveryConfig } from './config';
import { backoffSeconds, CHANNEL_CONCURRENCY, dispatchDue, MAX_ATTEMPTS, SEND_CONCURRENCY } from './dispatch';
import { startDeliveryWorker } from './worker';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let slack: Awaited<ReturnType<typeof startHttpReceiver>>;
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let config: DeliveryConfig;
let admin: Awaited<ReturnType<typeof createUser>>;
let ana: Awaited<ReturnType<typeof createUser>>;
let ben: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  [smtp, slack, hook] = await Promise.all([startSmtpReceiver(), startHttpReceiver(), startHttpReceiver()]);
  config = { smtpUrl: smtp.url, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: `${slack.base}/slack`, webhookSecret: SECRET, appUrl: 'https://ops.example' };
  admin = await createUser('admin');
  ana = await createUser('staff', { name: 'Ana' });
  ben = await createUser('staff', { name: 'Ben' });
});
afterAll(async () => {
  await Promise.all([smtp.close(), slack.close(), hook.close()]);
});

/** An event rule of its own sending to Ana and Ben by every channel (and the rule's address, Slack, webhook). */
const ruleWith = (cfg: Partial<AlertConfig> = {}) =>
  everyChannelRule({ recipients: [ana, ben], webhookUrl: `${hook.base}/hooks/ops`, ingestAs: asViewer(admin, 'token') }, cfg);

const outbox = (alertId: number) =>
  db.select().from(deliveries).where(eq(deliveries.alertId, alertId)).orderBy(deliveries.channel, deliveries.target, deliveries.id);
const summary = async (alertId: number) => (await outbox(alertId)).map((d) => `${d.kind} ${d.channel} ${d.target} ${d.status}`);
const dispatch = () => dispatchDue(db, { config });
const bodiesFor = (title: string) => hook.requests.filter((r) => r.body.includes(title));

describe('delivery outbox', () => {
  it('is written with the alert, in its transaction: email to each recipient and the rule’s addresses, one Slack, one webhook', async () => {
    const { fire } = await ruleWith();
    const alert = await fire('Freezer offline');
    expect((await summary(alert.id)).sort()).toEqual(
      [
        `fired email ${ana.email} pending`,
        `fired email ${ben.email} pending`,
        'fired email team@example.com pending',
        'fired slack #ops pending',
        `fired webhook ${hook.base}/hooks/ops pending`,
      ].sort(),
    );
  });

  it('sends them: real email, a Slack attachment, and a webhook signed by the Standard Webhooks scheme', async () => {
    const { fire } = await ruleWith();
    const alert = await fire('Payment gateway down');
    const counts = await dispatch();
    expect(counts.sent).toBeGreaterThanOrEqual(5);
    expect((await outbox(alert.id)).map((d) => [d.status, d.attempts, d.sentAt !== null])).toEqual(Array(5).fill(['sent', 1, true]));

    const [mail] = smtp.to(ana.email).filter((m) => m.subject?.includes('Payment gateway down'));
    expect(mail!.subject).toBe('[CRITICAL] Payment gateway down');
    expect(mail!.from?.text).toContain('alerts@test.local');
    expect(mail!.text).toContain(`https://ops.example/alerts/${alert.id}`);
    expect(mail!.html).toContain(`href="https://ops.example/alerts/${alert.id}"`);
    expect(mail!.headers.get('x-ops-alert-id')).toBe(String(alert.id));
    expect(smtp.to('team@example.com').some((m) => m.subject?.includes('Payment gateway down'))).toBe(true);

    const post = slack.requests.find((r) => r.body.includes('Payment gateway down'))!;
    expect(post.path).toBe('/slack');
    const message = JSON.parse(post.body);
    expect(message).toMatchObject({ channel: '#ops', attachments: [{ color: '#dc2626', title: 'Payment gateway down', title_link: `https://ops.example/alerts/${alert.id}` }] });

    const [delivered] = bodiesFor('Payment gateway down');
    expect(delivered!.path).toBe('/hooks/ops');
    expect(delivered!.headers['x-team']).toBe('ops');
    const verified = new Webhook(SECRET).verify(delivered!.body, delivered!.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: 'alert.fired', data: { alert: { id: alert.id, severity: 'critical', status: 'firing' } } });
    const row = (await outbox(alert.id)).find((d) => d.channel === 'webhook')!;
    expect(delivered!.headers['webhook-id']).toBe(row.idempotencyKey);
    // a tampered body does not verify
    expect(() => new Webhook(SECRET).verify(delivered!.body.replace('critical', 'info'), delivered!.headers as Record<string, string>)).toThrow();
  });

  it('respects each person’s subscription and preferences; quiet hours hold all but critical alerts', async () => {
    // Ana turned email off; Ben only wants email from critical alerts
    await db.insert(notificationPreferences).values({ userId: ana.id, emailEnabled: false }).onConflictDoUpdate({ target: notificationPreferences.userId, set: { emailEnabled: false } });
    await db.insert(notificationPreferences).values({ userId: ben.id, minEmailSeverity: 'critical' }).onConflictDoUpdate({ target: notificationPreferences.userId, set: { minEmailSeverity: 'critical' } });
    const errors = await ruleWith({ severity: 'error', channels: ['in_app', 'email'], email_to: [] });
    expect(await summary((await errors.fire('Disk 91% full')).id)).toEqual([]);

    // Ana subscribes to this type by email after all; Ben's subscription says in-app only
    const crit = await ruleWith({ channels: ['in_app'], email_to: [] });
    const type = (crit.rule.alertConfig as AlertConfig).alert_type ?? 'event_match';
    await db.insert(alertSubscriptions).values([
      { userId: ana.id, alertType: type, deliveryChannels: ['in_app', 'email'] },
      { userId: ben.id, alertType: type, deliveryChannels: ['in_app'] },
    ]).onConflictDoNothing();
    await db.update(notificationPreferences).set({ emailEnabled: true }).where(eq(notificationPreferences.userId, ana.id));
    expect(await summary((await crit.fire('Cold room warm')).id)).toEqual([`fired email ${ana.email} pending`]);

    // quiet hours all day long: a warning waits for their end, a critical alert does not
    await db.update(notificationPreferences).set({ minEmailSeverity: 'info', quietHoursStart: '00:00', quietHoursEnd: '23:59' }).where(eq(notificationPreferences.userId, ben.id));
    await db.delete(alertSubscriptions).where(eq(alertSubscriptions.userId, ben.id));
    const warn = await ruleWith({ severity: 'warning', recipients: [`user:${ben.id}`], channels: ['in_app', 'email'], email_to: [] });
    const [held] = await outbox((await warn.fire('Queue growing')).id);
    expect(held!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const loud = await ruleWith({ recipients: [`user:${ben.id}`], channels: ['in_app', 'email'], email_to: [] });
    const [now] = await outbox((await loud.fire('Site down')).id);
    expect(now!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    await db.delete(notificationPreferences);
    await db.delete(alertSubscriptions);
  });

  it('retries a failing receiver with backoff, honours Retry-After, and gives up on 410 or after the last attempt', async () => {
    const { fire } = await ruleWith({ channels: ['in_app', 'webhook'], email_to: [] });
    const alert = await fire('Retry me');
    const due = () => db.execute(sql`update deliveries set next_attempt_at = now() where alert_id = ${alert.id} and status = 'failed'`);
    const hookRow = async () => (await outbox(alert.id)).find((d) => d.channel === 'webhook')!;

    hook.answerNext({ status: 503 });
    await dispatch();
    let row = await hookRow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 503: receiver error' });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

    await due();
    hook.answerNext({ status: 429, headers: { 'retry-after': '600' } });
    await dispatch();
    row = await hookRow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 590_000);

    await due();
    await dispatch();
    row = await hookRow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    // every attempt carried the same message id, so the receiver can drop repeats
    const attempts = bodiesFor('Retry me');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);

    const gone = await (await ruleWith({ channels: ['in_app', 'webhook'], email_to: [] })).fire('Gone for good');
    hook.answerNext({ status: 410 });
    await dispatch();
    expect((await outbox(gone.id))[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 410: gone' });

    const flaky = await (await ruleWith({ channels: ['in_app', 'webhook'], email_to: [] })).fire('Never answers well');
    await db.execute(sql`update deliveries set attempts = ${MAX_ATTEMPTS - 1} where alert_id = ${flaky.id}`);
    hook.answerNext({ status: 500 });
    await dispatch();
    expect((await outbox(flaky.id))[0]).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
  });

  it('treats an SMTP 5xx as final and a 4xx as worth retrying', async () => {
    const { fire } = await ruleWith({ recipients: [`user:${ana.id}`], channels: ['in_app', 'email'], email_to: [] });
    smtp.refuseWith(550, 'mailbox unavailable');
    const refused = await fire('Bounce');
    await dispatch();
    expect((await outbox(refused.id))[0]).toMatchObject({ status: 'dead' });
    smtp.refuseWith(451, 'try later');
    const later = await fire('Greylisted');
    await dispatch();
    expect((await outbox(later.id))[0]).toMatchObject({ status: 'failed' });
    smtp.refuseWith(null);
  });

  it('marks channels this deployment has not configured as skipped, saying which setting is missing', async () => {
    const { fire } = await ruleWith();
    const alert = await fire('Nowhere to send');
    await dispatchDue(db, { config: { ...config, smtpUrl: null, slackWebhookUrl: null, webhookSecret: null } });
    const rows = await outbox(alert.id);
    expect(rows.map((d) => d.status)).toEqual(Array(5).fill('skipped'));
    expect(rows.map((d) => d.lastError)).toEqual(expect.arrayContaining([expect.stringContaining('SMTP_URL'), expect.stringContaining('SLACK_WEBHOOK_URL'), expect.stringContaining('WEBHOOK_SECRET')]));
  });

  it('sends each message once when several senders drain at the same time, and re-sends what a dead sender left', async () => {
    const { fire } = await ruleWith({ channels: ['in_app', 'webhook'], email_to: [] });
    const titles = Array.from({ length: 30 }, (_, i) => `Burst ${i}`);
    for (const t of titles) await fire(t);
    await Promise.all([dispatchDue(db, { config, limit: 7 }), dispatchDue(db, { config, limit: 7 }), dispatchDue(db, { config, limit: 7 }), dispatchDue(db, { config, limit: 50 })]);
    await dispatch();
    for (const t of titles) expect(bodiesFor(`"${t}"`)).toHaveLength(1);

    // a sender claimed it and died: once the lease is over, it is due again
    const orphan = await fire('Orphaned');
    await db.execute(sql`update deliveries set status = 'sending', attempts = 1, next_attempt_at = now() - interval '1 second' where alert_id = ${orphan.id}`);
    await dispatch();
    expect((await outbox(orphan.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('announces acknowledgement to the team channels, resolution to them and to those emailed, and escalation to who it reaches', async () => {
    const manager = await createUser('manager');
    const { fire } = await ruleWith({ recipients: [`user:${ana.id}`], email_to: [], escalation: { after_minutes: 5, max_level: 2 } });
    const alert = await fire('Lift stuck');
    await db.execute(sql`update alerts set next_escalation_at = now() - interval '1 second' where id = ${alert.id}`);
    await escalateDueAlerts(db);
    await acknowledgeAlert(db, asViewer(manager), alert.id);
    await resolveAlert(db, asViewer(ana), alert.id);
    const kinds = (await summary(alert.id)).filter((s) => !s.startsWith('fired'));
    expect(kinds).toEqual(
      expect.arrayContaining([
        `escalated email ${manager.email} pending`,
        'escalated slack #ops pending',
        'acknowledged slack #ops pending',
        `acknowledged webhook ${hook.base}/hooks/ops pending`,
        `resolved email ${ana.email} pending`,
        'resolved slack #ops pending',
      ]),
    );
    // no email about an acknowledgement; the resolution goes to Ana, who was emailed, not to the manager's peers
    expect(kinds.filter((k) => k.startsWith('acknowledged email'))).toEqual([]);
    await dispatch();
    const resolved = bodiesFor('Lift stuck').map((r) => JSON.parse(r.body)).find((b) => b.type === 'alert.resolved');
    expect(resolved.data.event.actor).toBe('Ana');
    expect(smtp.to(ana.email).find((m) => m.subject === '[Resolved] Lift stuck')).toBeDefined();
  });

  it('tells again about a repeat only once its cooldown has passed', async () => {
    const { fire } = await ruleWith({ channels: ['in_app', 'slack'], email_to: [], cooldown_minutes: 30 });
    const alert = await fire('Printer jam');
    await fire('Printer jam');
    expect(await summary(alert.id)).toEqual(['fired slack #ops pending']);
    await db.execute(sql`update alerts set last_fired_at = now() - interval '31 minutes' where id = ${alert.id}`);
    await fire('Printer jam');
    expect(await summary(alert.id)).toEqual(['fired slack #ops pending', 'refired slack #ops pending']);
  });

  it('is drained by the deliver cron job', async () => {
    const { fire } = await ruleWith({ channels: ['in_app', 'webhook'], email_to: [] });
    const alert = await fire('Via cron');
    const previous = process.env.WEBHOOK_SECRET;
    process.env.WEBHOOK_SECRET = SECRET;
    try {
      const run = await runCronJob(db, 'deliver');
      expect(run?.status).toBe('succeeded');
      expect(run?.counts.deliveries_sent).toBeGreaterThanOrEqual(1);
    } finally {
      process.env.WEBHOOK_SECRET = previous;
    }
    expect((await outbox(alert.id))[0]).toMatchObject({ status: 'sent' });
  });
});

describe('delivery worker', () => {
  it('sends right after commit, woken by the outbox NOTIFY, with no cron tick', async () => {
    const saved = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL };
    process.env.SMTP_URL = smtp.url;
    process.env.APP_URL = 'https://ops.example';
    const stop = startDeliveryWorker();
    try {
      await new Promise((r) => setTimeout(r, 300)); // LISTEN established
      const { fire } = await ruleWith({ recipients: [`user:${ben.id}`], channels: ['in_app', 'email'], email_to: [] });
      const alert = await fire('Worker wake-up');
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !smtp.to(ben.email).some((m) => m.subject?.includes('Worker wake-up'))) await new Promise((r) => setTimeout(r, 50));
      expect(smtp.to(ben.email).find((m) => m.subject?.includes('Worker wake-up'))?.text).toContain(`https://ops.example/alerts/${alert.id}`);
      // the receiver has it a moment before the sender records it
      await expect.poll(async () => (await outbox(alert.id))[0]?.status, { timeout: 5000 }).toBe('sent');
      expect((await outbox(alert.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await stop();
      Object.assign(process.env, saved);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    }
  });
});

describe('sending slots', () => {
  it('holds email to a few connections at a time while webhooks take the rest of the slots', async () => {
    // a mail server that takes its time over each message and counts the connections open at once
    let open = 0;
    let most = 0;
    let received = 0;
    const slowSmtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, done) {
        most = Math.max(most, ++open);
        done();
      },
      onClose() {
        open--;
      },
      onData(stream, _session, done) {
        stream.resume();
        stream.on('end', () => setTimeout(() => (received++, done()), 100));
      },
    });
    await new Promise<void>((r) => slowSmtp.listen(0, '127.0.0.1', r));
    try {
      const addresses = Array.from({ length: 20 }, (_, i) => `oncall${i}@example.com`);
      const { fire } = await ruleWith({ channels: ['in_app', 'email', 'webhook'], email_to: addresses });
      const alerts = [await fire('Slots one'), await fire('Slots two')];
      const counts = await dispatchDue(db, { config: { ...config, smtpUrl: `smtp://127.0.0.1:${(slowSmtp.server.address() as AddressInfo).port}` } });
      // 2 alerts × (20 addresses + Ana + Ben) emails and 2 webhooks (and whatever else was due)
      expect(counts.sent).toBeGreaterThanOrEqual(46);
      expect(received).toBeGreaterThanOrEqual(44);
      expect(bodiesFor('Slots one')).toHaveLength(1);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(CHANNEL_CONCURRENCY.email);
      expect(CHANNEL_CONCURRENCY.email).toBeLessThan(SEND_CONCURRENCY);
      for (const a of alerts) expect((await outbox(a.id)).every((d) => d.status === 'sent')).toBe(true);
    } finally {
      await new Promise<void>((r) => slowSmtp.close(() => r()));
    }
  });
});

describe('POST /api/v1/alerts/test', () => {
  it('sends a test through each channel asked for and says how each went; staff may not', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { SMTP_URL: smtp.url, SLACK_WEBHOOK_URL: `${slack.base}/slack`, WEBHOOK_SECRET: SECRET, APP_URL: 'https://ops.example' });
    try {
      const call = async (token: string, body: unknown) => {
        const res = await testRoute(new Request('http://localhost/api/v1/alerts/test', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), {
          params: Promise.resolve({}),
        });
        return { status: res.status, body: (await res.json()) as DeliveryTestResult };
      };
      const adminToken = await tokenFor(admin.id, ['alerts.manage']);
      hook.answerNext({ status: 500 });
      const res = await call(adminToken, { channels: ['email', 'slack', 'webhook'], slack_channel: '#ops-test', webhook_url: `${hook.base}/probe` });
      expect(res.status).toBe(200);
      expect(res.body.results.map(({ channel, target, ok, outcome, error }) => ({ channel, target, ok, outcome, error }))).toEqual([
        { channel: 'email', target: admin.email, ok: true, outcome: 'sent', error: null },
        { channel: 'slack', target: '#ops-test', ok: true, outcome: 'sent', error: null },
        { channel: 'webhook', target: `${hook.base}/probe`, ok: false, outcome: 'failed', error: 'HTTP 500: receiver error' },
      ]);
      expect(smtp.to(admin.email).find((m) => m.subject === '[INFO] Test message from Ops Alerts')?.text).toContain('https://ops.example/settings');
      const probe = hook.requests.find((r) => r.path === '/probe')!;
      expect(new Webhook(SECRET).verify(probe.body, probe.headers as Record<string, string>)).toMatchObject({ type: 'alert.test' });
      // nothing went through the outbox
      expect(await db.select().from(deliveries).where(eq(deliveries.target, '#ops-test'))).toEqual([]);

      delete process.env.SLACK_WEBHOOK_URL;
      expect((await call(adminToken, { channels: ['slack'] })).body.results[0]).toMatchObject({ ok: false, outcome: 'not_configured', error: expect.stringContaining('SLACK_WEBHOOK_URL') });
      expect((await call(adminToken, { channels: ['webhook'] })).status).toBe(422);
      expect((await call(await tokenFor(ana.id), { channels: ['email'] })).status).toBe(403);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});

describe('backoff', () => {
  it('doubles from 30 s to an hour, spread ±20%', () => {
    expect([1, 2, 3, 8, 20].map((n) => backoffSeconds(n, () => 0.5))).toEqual([30, 60, 120, 3600, 3600]);
    expect(backoffSeconds(1, () => 0)).toBe(24);
    expect(backoffSeconds(1, () => 1)).toBe(36);
  });
});
