import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { POST as unsubscribeRoute } from '@/app/api/v1/digests/unsubscribe/[token]/route';
import { db } from '@/db/client';
import { alertRules, auditLog, deliveries, notificationPreferences } from '@/db/schema';
import { dismiss, markRead } from '@/lib/alerts/inbox';
import { resolveAlert } from '@/lib/alerts/lifecycle';
import { getPreferences, updatePreferences } from '@/lib/alerts/preferences';
import { snoozeAlert } from '@/lib/alerts/snooze';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema } from '@/lib/validation/events';
import { asViewer, createRule, createUser } from '@/test/fixtures';
import { startSmtpReceiver } from '@/test/receivers';
import type { DeliveryConfig } from './config';
import { purgeDigests, queueDueDigests } from './digest-queue';
import { listDeliveries } from '@/lib/admin/deliveries';
import { deliveriesQuerySchema } from '@/lib/validation/admin';
import { dispatchDue } from './dispatch';

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let config: DeliveryConfig;
let admin: Awaited<ReturnType<typeof createUser>>;
const saved = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  config = { smtpUrl: smtp.url, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: null, webhookSecret: null, appUrl: 'https://ops.example' };
  // the deliver cron job sends with the environment's settings
  process.env.SMTP_URL = smtp.url;
  process.env.APP_URL = 'https://ops.example';
  admin = await createUser('admin');
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  await smtp.close();
});

/** An event rule of its own: alerts of `alertType` at `severity` to `to`, in-app and by email. */
let rules = 0;
async function ruleFor(to: { id: number }[], alertType: string, severity: 'warning' | 'error' | 'critical') {
  const eventType = `ops.digest.${alertType}.${++rules}`;
  await createRule({
    check: 'event_match',
    rule_type: 'event',
    conditions: { event_type: eventType },
    alert_config: { severity, alert_type: alertType, title_template: '{{event.title}}', recipients: to.map((u) => `user:${u.id}` as const), channels: ['in_app', 'email'], cooldown_minutes: 0 },
  });
  return async (title: string) => {
    await ingestEvents(db, asViewer(admin, 'token'), [eventSchema.parse({ type: 'custom', event_type: eventType, title, fingerprint: title })]);
    const [row] = await db.execute<{ id: number }>(sql`select id from alerts where title = ${title}`);
    return Number(row!.id);
  };
}

const digestsTo = (email: string) => smtp.to(email).filter((m) => m.headers.get('x-ops-digest'));
const singlesTo = (email: string) => smtp.to(email).filter((m) => !m.headers.get('x-ops-digest'));
const dispatch = () => dispatchDue(db, { config });
/** A header as it was sent (mailparser folds the List-* headers into one parsed object). */
const rawHeader = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? null;
const tokenOf = (mail: ParsedMail) => /\/api\/v1\/digests\/unsubscribe\/([^>\s]+)>/.exec(String(rawHeader(mail, 'list-unsubscribe')))![1]!;
const unsubscribe = async (token: string, query = '') => {
  const res = await unsubscribeRoute(
    new Request(`http://localhost/api/v1/digests/unsubscribe/${token}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    }),
    { params: Promise.resolve({ token }) },
  );
  return { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: res.status === 303 ? null : await res.json() };
};
/** As if the person had chosen their digest hours ago (a schedule chosen now starts with the next period). */
const choseEarlier = (userId: number) => db.update(notificationPreferences).set({ digestSince: sql`now() - interval '3 hours'` }).where(eq(notificationPreferences.userId, userId));

describe('email digests', () => {
  it('send each person on a digest one email per period with exactly their unread open alerts; criticals come at once, singles do not', async () => {
    const ana = await createUser('staff', { name: 'Ana' });
    const ben = await createUser('staff', { name: 'Ben' });
    await updatePreferences(db, asViewer(ana), { digest: { frequency: 'hourly' } });
    await choseEarlier(ana.id);
    const fireA = await ruleFor([ana], 'digest_kitchen', 'warning');
    const fireB = await ruleFor([ana], 'digest_billing', 'error');
    const fireCritical = await ruleFor([ana], 'digest_outage', 'critical');
    const fireBen = await ruleFor([ben], 'digest_kitchen', 'warning');

    const open1 = await fireA('Fridge 3 warm');
    const open2 = await fireA('Fridge 4 <warm> & "loud"');
    const billing = await fireB('Invoice run failed');
    const read = await fireA('Oven read already');
    const resolved = await fireA('Oven resolved already');
    const dismissed = await fireA('Oven dismissed already');
    const snoozed = await fireB('Billing snoozed');
    await fireBen('Ben’s own fridge');
    const critical = await fireCritical('Site down');

    // a critical alert is emailed at once, alone; nothing else reaches Ana as a single email
    await dispatch();
    expect(singlesTo(ana.email).map((m) => m.subject)).toEqual(['[CRITICAL] Site down']);
    expect(singlesTo(ben.email).map((m) => m.subject)).toEqual(['[WARNING] Ben’s own fridge']);
    expect(digestsTo(ana.email)).toHaveLength(0);

    const viewer = asViewer(ana);
    await markRead(db, viewer, read);
    await resolveAlert(db, viewer, resolved);
    await dismiss(db, viewer, dismissed);
    await snoozeAlert(db, viewer, snoozed, { minutes: 60 });

    // the deliver job, twice in the same period: one digest
    const first = await runCronJob(db, 'deliver');
    const second = await runCronJob(db, 'deliver');
    expect(first!.counts).toMatchObject({ digests_queued: 1 });
    expect(second!.counts).toMatchObject({ digests_queued: 0 });
    const [digest] = digestsTo(ana.email);
    expect(digestsTo(ana.email)).toHaveLength(1);
    expect(digestsTo(ben.email)).toHaveLength(0);
    expect(digest!.subject).toBe('Your hourly digest: 4 unread alerts');
    expect(digest!.text).toContain('digest_kitchen (2)');
    expect(digest!.text).toContain('digest_billing (1)');
    expect(digest!.text).toContain('digest_outage (1)');
    for (const id of [open1, open2, billing, critical]) {
      expect(digest!.text).toContain(`https://ops.example/alerts/${id}`);
      expect(digest!.html).toContain(`href="https://ops.example/alerts/${id}"`);
    }
    expect(digest!.html).toContain('Fridge 4 &lt;warm&gt; &amp; &quot;loud&quot;');
    for (const absent of ['Oven read already', 'Oven resolved already', 'Oven dismissed already', 'Billing snoozed', 'Ben’s own fridge']) {
      expect(digest!.text).not.toContain(absent);
    }
    expect(rawHeader(digest!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(digest!, 'list-unsubscribe')).toMatch(/^<https:\/\/ops\.example\/api\/v1\/digests\/unsubscribe\/\d+\.[A-Za-z0-9_-]{43}>$/);
    expect(digest!.text).toMatch(/Turn the digest off: https:\/\/ops\.example\/unsubscribe\/\d+\.[A-Za-z0-9_-]{43}/);

    // the next period sends again (what is still unread), once
    const nextHour = new Date(Date.now() + 3600_000);
    expect(await queueDueDigests(db, { at: nextHour })).toEqual({ digests_queued: 1, digests_empty: 0 });
    expect(await queueDueDigests(db, { at: nextHour })).toEqual({ digests_queued: 0, digests_empty: 0 });
    await markRead(db, viewer, open1);
    await dispatch();
    expect(digestsTo(ana.email)).toHaveLength(2);
    // listed as it stood when its period began
    expect(digestsTo(ana.email)[1]!.subject).toBe('Your hourly digest: 4 unread alerts');

    // a period with nothing unread is recorded and sends nothing
    await db.execute(sql`update alert_recipients set read_at = now() where user_id = ${ana.id}`);
    expect(await queueDueDigests(db, { at: new Date(Date.now() + 2 * 3600_000) })).toEqual({ digests_queued: 0, digests_empty: 1 });
    await dispatch();
    expect(digestsTo(ana.email)).toHaveLength(2);

    // the unsubscribe link from the email: one click turns the digest off, audited; single emails again
    const token = tokenOf(digest!);
    expect(await unsubscribe(token)).toEqual({ status: 200, type: 'application/json', location: null, body: { digest: { frequency: 'off', hour: 8 }, changed: true } });
    expect((await getPreferences(db, viewer)).preferences.digest).toEqual({ frequency: 'off', hour: 8 });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'notification_preferences.digest_unsubscribed'), eq(auditLog.actorId, ana.id)))).toHaveLength(1);
    expect((await unsubscribe(token)).body).toEqual({ digest: { frequency: 'off', hour: 8 }, changed: false });
    await fireA('After the digest');
    await dispatch();
    expect(singlesTo(ana.email).map((m) => m.subject)).toContain('[WARNING] After the digest');
    expect(await queueDueDigests(db, { at: new Date(Date.now() + 3 * 3600_000) })).toEqual({ digests_queued: 0, digests_empty: 0 });
  });

  it('refuse a forged or malformed unsubscribe token with 404, changing nothing; the confirm page’s form comes back to it', async () => {
    const cy = await createUser('staff');
    const dee = await createUser('staff');
    await updatePreferences(db, asViewer(cy), { digest: { frequency: 'daily', hour: 7 } });
    await updatePreferences(db, asViewer(dee), { digest: { frequency: 'daily', hour: 9 } });
    const { unsubscribeToken } = await import('@/lib/auth/unsubscribe-token');
    const good = unsubscribeToken(dee.id, process.env.AUTH_SECRET!);
    const sig = good.split('.')[1]!;
    for (const bad of [`${cy.id}.${sig}`, unsubscribeToken(cy.id, 'not-the-app-secret'), `${cy.id}.${'A'.repeat(43)}`, `${cy.id}`, 'x', `${cy.id}.${sig}%00`]) {
      const res = await unsubscribe(bad);
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/problem+json');
    }
    expect((await getPreferences(db, asViewer(cy))).preferences.digest).toEqual({ frequency: 'daily', hour: 7 });
    expect((await getPreferences(db, asViewer(dee))).preferences.digest).toEqual({ frequency: 'daily', hour: 9 });

    const viaPage = await unsubscribe(good, '?from=page');
    expect(viaPage.status).toBe(303);
    expect(viaPage.location).toBe(`/unsubscribe/${good}?done=1`);
    expect((await getPreferences(db, asViewer(dee))).preferences.digest).toEqual({ frequency: 'off', hour: 9 });
  });

  it('a daily digest goes at the person’s hour in their time zone, not before; a schedule chosen now starts with the next period', async () => {
    const eve = await createUser('staff');
    await updatePreferences(db, asViewer(eve), { timezone: 'Asia/Kolkata', digest: { frequency: 'daily', hour: 8 } });
    const fire = await ruleFor([eve], 'digest_daily', 'warning');
    await fire('Daily one');
    const queuedForEve = async (at?: Date) => {
      await queueDueDigests(db, at ? { at } : {});
      const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from deliveries where user_id = ${eve.id} and kind = 'digest'`);
      return row!.n;
    };
    // chosen just now: today's 08:00 period (in the past or not) is not sent
    expect(await queuedForEve()).toBe(0);
    await db.update(notificationPreferences).set({ digestSince: new Date('2026-01-01T00:00:00Z') }).where(eq(notificationPreferences.userId, eve.id));
    // 07:59 in Kolkata (UTC+5:30) on 2027-03-02 belongs to the period of 08:00 the day before
    expect(await queuedForEve(new Date('2027-03-02T02:29:00Z'))).toBe(1);
    expect(await queuedForEve(new Date('2027-03-02T02:30:00Z'))).toBe(2);
    expect(await queuedForEve(new Date('2027-03-02T20:00:00Z'))).toBe(2);
    const periods = await db.execute<{ p: string }>(sql`select to_char(period_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as p from digests where user_id = ${eve.id} order by period_start`);
    expect(periods.map((r) => r.p)).toEqual(['2027-03-01 02:30', '2027-03-02 02:30']);
    const queued = await db.select().from(deliveries).where(and(eq(deliveries.userId, eve.id), eq(deliveries.kind, 'digest')));
    expect(queued.map((d) => [d.channel, d.target, d.alertId, d.idempotencyKey.startsWith('digest:')])).toEqual([
      ['email', eve.email, null, true],
      ['email', eve.email, null, true],
    ]);
    // past the retention period the daily cleanup removes the records and their outbox rows
    await db.execute(sql`update digests set created_at = now() - interval '31 days' where user_id = ${eve.id}`);
    expect(await purgeDigests(db, 30)).toBe(2);
    expect(await db.select().from(deliveries).where(and(eq(deliveries.userId, eve.id), eq(deliveries.kind, 'digest')))).toEqual([]);
  });

  it('two runs at once (two instances) record the period once and queue one email', async () => {
    const fay = await createUser('staff');
    await updatePreferences(db, asViewer(fay), { digest: { frequency: 'hourly' } });
    const fire = await ruleFor([fay], 'digest_race', 'warning');
    await fire('Race one');
    const at = new Date(Date.now() + 5 * 3600_000);
    await Promise.all([db.transaction((tx) => queueDueDigests(tx, { at })), db.transaction((tx) => queueDueDigests(tx, { at }))]);
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from deliveries where user_id = ${fay.id} and kind = 'digest'`);
    expect(rows[0]!.n).toBe(1);
  });

});

describe('the managers’ daily summary', () => {
  it('reaches managers by email through the real SMTP server, although it is only "info"', async () => {
    const manager = await createUser('manager', { name: 'Mona Manager' });
    const staff = await createUser('staff');
    await seedDefaultRules(db);
    // the default rule, at this hour (it runs at 08:00 UTC)
    await db.execute(sql`update alert_rules set conditions = conditions || jsonb_build_object('hour', extract(hour from now() at time zone 'UTC')::int)
                          where rule_name = 'daily_summary'`);
    const [rule] = await db.select().from(alertRules).where(eq(alertRules.ruleName, 'daily_summary'));
    expect(rule!.alertConfig).toMatchObject({ severity: 'info', channels: ['in_app', 'email'] });
    expect((await getPreferences(db, asViewer(manager))).preferences.min_email_severity).toBe('warning');
    expect((await runCronJob(db, 'daily-summary'))!.status).toBe('succeeded');
    await dispatch();
    const mails = smtp.to(manager.email).filter((m) => m.subject?.includes('Daily summary'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^\[INFO\] Daily summary \d{4}-\d{2}-\d{2}: \d+ open, \d+ breached$/);
    expect(smtp.to(staff.email).filter((m) => m.subject?.includes('Daily summary'))).toHaveLength(0);
  });

  it('lists each digest email in the admin deliveries, by its person and how many alerts it held', async () => {
    const page = await listDeliveries(db, asViewer(admin), deliveriesQuerySchema.parse({ channel: 'email' }));
    const digestRows = page.deliveries.filter((d) => d.kind === 'digest');
    expect(digestRows.length).toBeGreaterThan(0);
    for (const d of digestRows) {
      expect(d.alert).toBeNull();
      expect(d.digest).toMatchObject({ frequency: expect.stringMatching(/^(hourly|daily)$/), alerts: expect.any(Number) });
      expect(d.digest!.alerts).toBeGreaterThan(0);
      expect(d.recipient).not.toBeNull();
    }
    // alert deliveries keep their alert
    expect(page.deliveries.filter((d) => d.kind !== 'digest').every((d) => d.alert !== null && d.digest === null)).toBe(true);
  });
});

