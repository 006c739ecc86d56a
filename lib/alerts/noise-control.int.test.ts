import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as endSilenceRoute } from '@/app/api/v1/admin/silences/[id]/route';
import { POST as createSilenceRoute } from '@/app/api/v1/admin/silences/route';
import { db } from '@/db/client';
import { alertEvents, alertHolds, alertRecipients, alerts, deliveries, notificationPreferences } from '@/db/schema';
import { runCronJob } from '@/lib/cron/run';
import type { DeliveryConfig } from '@/lib/delivery/config';
import { dispatchDue } from '@/lib/delivery/dispatch';
import type { Silence } from '@/lib/validation/admin';
import type { AlertConfig } from '@/lib/validation/rules';
import { asViewer, createUser, everyChannelRule, recipientsOf, tokenFor } from '@/test/fixtures';
import { startHttpReceiver, startSmtpReceiver } from '@/test/receivers';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { deleteRule } from './rules';
import { releaseEndedSilences } from './release';
import { call } from './testing/api';

/**
 * Noise control, end to end through real receivers: a capped alert stays untold at its repeats;
 * an alert silenced when it fired is told once when its silence ends while it still fires; a
 * resolution reaches those told about the alert, and an alert never told ends in silence.
 */

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let slack: Awaited<ReturnType<typeof startHttpReceiver>>;
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let config: DeliveryConfig;
let admin: Awaited<ReturnType<typeof createUser>>;
let ana: Awaited<ReturnType<typeof createUser>>;
let ben: Awaited<ReturnType<typeof createUser>>;
let adminToken: string;

beforeAll(async () => {
  [smtp, slack, hook] = await Promise.all([startSmtpReceiver(), startHttpReceiver(), startHttpReceiver()]);
  config = { smtpUrl: smtp.url, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: `${slack.base}/slack`, webhookSecret: SECRET, appUrl: 'https://ops.example' };
  admin = await createUser('admin');
  ana = await createUser('staff', { name: 'Ana' });
  ben = await createUser('staff', { name: 'Ben' });
  adminToken = await tokenFor(admin.id, ['alerts.manage']);
});
afterAll(async () => {
  await Promise.all([smtp.close(), slack.close(), hook.close()]);
});

/** An event rule of its own, telling Ana and Ben (unless told otherwise) by every channel. */
const ruleWith = (cfg: Partial<AlertConfig> = {}) =>
  everyChannelRule(
    { recipients: [ana, ben], webhookUrl: `${hook.base}/hooks/ops`, ingestAs: asViewer(admin, 'token') },
    { fallback_recipients: [], email_to: ['team@example.com'], webhook: { url: `${hook.base}/hooks/ops`, headers: {} }, cooldown_minutes: 30, ...cfg },
  );

const summary = async (alertId: number) =>
  (await db.select().from(deliveries).where(eq(deliveries.alertId, alertId)).orderBy(deliveries.id)).map((d) => `${d.kind} ${d.channel} ${d.target}`).sort();
const timeline = async (alertId: number) =>
  (await db.select().from(alertEvents).where(eq(alertEvents.alertId, alertId)).orderBy(alertEvents.id)).map((e) => ({ kind: e.kind, details: e.details }));
const unread = async (alertId: number) =>
  (await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alertId))).filter((r) => r.readAt === null).map((r) => r.userId).sort((a, b) => a - b);
const dispatch = () => dispatchDue(db, { config });
const pastCooldown = (...ids: number[]) => db.execute(sql`update alerts set last_fired_at = now() - interval '31 minutes' where id = any(${`{${ids.join(',')}}`}::bigint[])`);

/** Everything the receivers heard about an alert of this title: email per address, Slack posts, webhook event types. */
function heard(title: string) {
  const mail: Record<string, string[]> = {};
  for (const m of smtp.messages.filter((x) => x.subject?.includes(title))) {
    for (const to of (Array.isArray(m.to) ? m.to : [m.to]).flatMap((t) => t?.value ?? [])) (mail[to.address!] ??= []).push(m.subject!);
  }
  const slackPosts = slack.requests.filter((r) => r.body.includes(title)).map((r) => (JSON.parse(r.body) as { text?: string }).text ?? '');
  const hooks = hook.requests.filter((r) => r.body.includes(title)).map((r) => (JSON.parse(r.body) as { type: string }).type);
  return { mail, slack: slackPosts.length, webhook: hooks };
}
const nothing = { mail: {}, slack: 0, webhook: [] };

async function silenceRule(ruleId: number, minutes = 60): Promise<Silence> {
  const res = await call(createSilenceRoute, { method: 'POST', path: '/api/v1/admin/silences', token: adminToken, body: { matchers: { rule_id: ruleId }, duration_minutes: minutes, comment: 'Boiler maintenance' } });
  expect(res.status).toBe(201);
  return res.body as Silence;
}
const endSilence = (id: number) => call(endSilenceRoute, { method: 'DELETE', path: `/api/v1/admin/silences/${id}`, token: adminToken, params: { id: String(id) } });

/** The deliver job as the scheduler runs it, sending to the test receivers. */
async function deliverJob() {
  const saved = { ...process.env };
  Object.assign(process.env, { SMTP_URL: smtp.url, SLACK_WEBHOOK_URL: `${slack.base}/slack`, WEBHOOK_SECRET: SECRET, APP_URL: 'https://ops.example' });
  try {
    const run = await runCronJob(db, 'deliver');
    expect(run?.status).toBe('succeeded');
    return run!.counts;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('the hourly cap', () => {
  it('a capped alert’s repeat past its cooldown sends nothing on any channel and stays out of every inbox; its resolution neither', async () => {
    const { fire } = await ruleWith({ max_per_hour: 1 });
    const told = await fire('Cap: first boiler');
    const capped = await fire('Cap: second boiler');
    expect(capped.metadata).toMatchObject({ throttled: true });
    expect(await summary(capped.id)).toEqual([]);
    await dispatch();

    await pastCooldown(told.id, capped.id);
    await fire('Cap: first boiler');
    await fire('Cap: second boiler');
    // the alert under the cap is told again, so the channels are live; the capped one is not
    expect(await summary(told.id)).toEqual(expect.arrayContaining(['refired slack #ops', `refired webhook ${hook.base}/hooks/ops`, 'refired email team@example.com', `refired email ${ana.email}`]));
    expect(await summary(capped.id)).toEqual([]);
    await dispatch();
    expect(heard('Cap: first boiler').slack).toBe(2);
    expect(heard('Cap: second boiler')).toEqual(nothing);

    const [after] = await db.select().from(alerts).where(eq(alerts.id, capped.id));
    expect(after).toMatchObject({ occurrences: 2, metadata: expect.objectContaining({ throttled: true }), nextEscalationAt: null });
    expect(await recipientsOf(capped.id)).toEqual([]);
    expect((await timeline(capped.id)).map((e) => [e.kind, e.details.renotify ?? null, e.details.kept_quiet ?? null])).toEqual([
      ['throttled', null, null],
      ['refired', false, 'throttled'],
    ]);

    await acknowledgeAlert(db, asViewer(admin), capped.id);
    await resolveAlert(db, asViewer(admin), capped.id);
    expect(await summary(capped.id)).toEqual([]);
    await dispatch();
    expect(heard('Cap: second boiler')).toEqual(nothing);
  });
});

describe('the end of a silence', () => {
  it('by time: who the alert would have reached is told once, a person gone since by their manager; the repeats meanwhile told nobody', async () => {
    const mia = await createUser('manager', { name: 'Mia' });
    const carl = await createUser('staff', { name: 'Carl', managerId: mia.id });
    const { rule, fire } = await ruleWith({ recipients: [`user:${ana.id}`, `user:${carl.id}`], escalation: { after_minutes: 5, max_level: 2 } });
    const silence = await silenceRule(rule.id);

    const alert = await fire('Held: boiler pressure');
    expect(alert.metadata).toMatchObject({ silenced_by: silence.id });
    expect(alert.nextEscalationAt).toBeNull();
    await pastCooldown(alert.id);
    await fire('Held: boiler pressure');
    expect(await recipientsOf(alert.id)).toEqual([]);
    expect(await summary(alert.id)).toEqual([]);
    await deliverJob();
    expect(heard('Held: boiler pressure')).toEqual(nothing);

    // Carl leaves; the silence runs out while the alert still fires
    await db.execute(sql`update users set is_active = false where id = ${carl.id}`);
    await db.execute(sql`update silences set ends_at = now() - interval '1 second' where id = ${silence.id}`);
    // a repeat in the moment before the release runs is still held: the release is the one announcement
    await pastCooldown(alert.id);
    await fire('Held: boiler pressure');
    expect(await summary(alert.id)).toEqual([]);
    const counts = await deliverJob();
    expect(counts.alerts_told_after_silence).toBe(1);
    await dispatch(); // what the release queued commits with the job; the worker or the next tick sends it

    expect(await unread(alert.id)).toEqual([ana.id, mia.id].sort((a, b) => a - b));
    expect(await summary(alert.id)).toEqual(
      [`fired email ${ana.email}`, `fired email ${mia.email}`, 'fired email team@example.com', 'fired slack #ops', `fired webhook ${hook.base}/hooks/ops`].sort(),
    );
    const expected = { mail: { [ana.email]: ['[CRITICAL] Held: boiler pressure'], [mia.email]: ['[CRITICAL] Held: boiler pressure'], 'team@example.com': ['[CRITICAL] Held: boiler pressure'] }, slack: 1, webhook: ['alert.fired'] };
    expect(heard('Held: boiler pressure')).toEqual(expected);
    const [after] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(after!.nextEscalationAt!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect((await timeline(alert.id)).map((e) => e.kind)).toEqual(['silenced', 'refired', 'refired', 'fired']);
    expect((await timeline(alert.id)).at(-1)!.details).toMatchObject({ after_silence: silence.id, recipients: 2 });

    // a second release tells nobody again
    expect((await deliverJob()).alerts_told_after_silence).toBe(0);
    expect(await releaseEndedSilences(db)).toEqual({ told: 0, still_silenced: 0, let_go: 0 });
    await dispatch();
    expect(heard('Held: boiler pressure')).toEqual(expected);
    expect((await timeline(alert.id)).map((e) => e.kind)).toEqual(['silenced', 'refired', 'refired', 'fired']);
  });

  it('ended by an admin: told at once, in the same request — unless another silence still matches, which holds it on', async () => {
    const { rule, fire } = await ruleWith({ recipients: [`user:${ben.id}`] });
    const first = await silenceRule(rule.id, 60);
    const second = await silenceRule(rule.id, 120);
    const alert = await fire('Held: lift motor');
    expect(alert.metadata).toMatchObject({ silenced_by: first.id });

    expect((await endSilence(first.id)).status).toBe(204);
    expect(await summary(alert.id)).toEqual([]);
    expect(await recipientsOf(alert.id)).toEqual([]);
    expect((await timeline(alert.id)).at(-1)).toEqual({ kind: 'silenced', details: { after_silence: first.id, silence_id: second.id } });
    expect((await db.select().from(alertHolds).where(eq(alertHolds.alertId, alert.id)))[0]).toMatchObject({ silenceId: second.id });

    expect((await endSilence(second.id)).status).toBe(204);
    expect(await unread(alert.id)).toEqual([ben.id]);
    expect(await summary(alert.id)).toEqual([`fired email ${ben.email}`, 'fired email team@example.com', 'fired slack #ops', `fired webhook ${hook.base}/hooks/ops`].sort());
    expect(await db.select().from(alertHolds).where(eq(alertHolds.alertId, alert.id))).toEqual([]);

    await dispatch();
    expect(await releaseEndedSilences(db)).toEqual({ told: 0, still_silenced: 0, let_go: 0 });
    await deliverJob();
    expect(heard('Held: lift motor')).toEqual({ mail: { [ben.email]: ['[CRITICAL] Held: lift motor'], 'team@example.com': ['[CRITICAL] Held: lift motor'] }, slack: 1, webhook: ['alert.fired'] });
  });

  it('told once when several releases run at once (the deliver job on two instances, an admin ending it)', async () => {
    const { rule, fire } = await ruleWith({ recipients: [`user:${ana.id}`], channels: ['in_app', 'slack'], email_to: [] });
    const silence = await silenceRule(rule.id);
    const held = [];
    for (let i = 0; i < 5; i++) held.push(await fire(`Held at once ${i}`));
    await db.execute(sql`update silences set ends_at = now() - interval '1 second' where id = ${silence.id}`);
    const runs = await Promise.all([releaseEndedSilences(db), releaseEndedSilences(db), releaseEndedSilences(db), releaseEndedSilences(db, silence.id)]);
    expect(runs.reduce((n, r) => n + r.told, 0)).toBe(5);
    for (const alert of held) {
      expect((await timeline(alert.id)).map((e) => e.kind)).toEqual(['silenced', 'fired']);
      expect(await summary(alert.id)).toEqual(['fired slack #ops']);
      expect(await unread(alert.id)).toEqual([ana.id]);
    }
  });

  it('of a rule deleted meanwhile tells nobody: its held alerts went with its queued messages', async () => {
    const { rule, fire } = await ruleWith();
    const silence = await silenceRule(rule.id);
    const alert = await fire('Held: rule gone');
    await deleteRule(db, asViewer(admin), rule.id);
    expect((await endSilence(silence.id)).status).toBe(204);
    expect(await recipientsOf(alert.id)).toEqual([]);
    expect(await summary(alert.id)).toEqual([]);
    expect((await timeline(alert.id)).map((e) => e.kind)).toEqual(['silenced']);
  });
});

describe('a resolution under a silence', () => {
  it('reaches those told about the alert at its start: the person emailed, Slack, the webhook, the rule’s address', async () => {
    // Ben does not take email when it fires, so he was never emailed about it
    await db.insert(notificationPreferences).values({ userId: ben.id, emailEnabled: false });
    const { rule, fire } = await ruleWith();
    const alert = await fire('Told: chiller fault');
    await db.delete(notificationPreferences).where(eq(notificationPreferences.userId, ben.id));
    await dispatch();
    await silenceRule(rule.id);

    await resolveAlert(db, asViewer(ana), alert.id);
    expect((await summary(alert.id)).filter((s) => s.startsWith('resolved'))).toEqual(
      [`resolved email ${ana.email}`, 'resolved email team@example.com', 'resolved slack #ops', `resolved webhook ${hook.base}/hooks/ops`].sort(),
    );
    await dispatch();
    const got = heard('Told: chiller fault');
    expect(got.mail[ana.email]).toEqual(['[CRITICAL] Told: chiller fault', '[Resolved] Told: chiller fault']);
    expect(got.mail['team@example.com']).toEqual(['[CRITICAL] Told: chiller fault', '[Resolved] Told: chiller fault']);
    expect(got.mail[ben.email]).toBeUndefined();
    expect(got.slack).toBe(2);
    expect(got.webhook).toEqual(['alert.fired', 'alert.resolved']);
  });

  it('of an alert silenced when it fired is recorded and announced nowhere; when the silence ends, nobody is told', async () => {
    const { rule, fire } = await ruleWith();
    const silence = await silenceRule(rule.id);
    const alert = await fire('Never told: pump seal');
    await acknowledgeAlert(db, asViewer(admin), alert.id);
    await resolveAlert(db, asViewer(admin), alert.id);
    expect(await summary(alert.id)).toEqual([]);
    expect((await timeline(alert.id)).map((e) => e.kind)).toEqual(['silenced', 'acknowledged', 'resolved']);

    expect((await endSilence(silence.id)).status).toBe(204);
    expect(await summary(alert.id)).toEqual([]);
    expect(await recipientsOf(alert.id)).toEqual([]);
    expect(await db.select().from(alertHolds).where(eq(alertHolds.alertId, alert.id))).toEqual([]);
    await deliverJob();
    expect(heard('Never told: pump seal')).toEqual(nothing);
  });
});
