import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import type { AlertConfig } from '@/lib/validation/rules';
import { createRule, createUser } from '@/test/fixtures';
import { enqueueDeliveries } from './policy';

/**
 * The delivery policy, rule by rule, on real rows: an alert with its inbox rows and one timeline
 * event, as a writer leaves them, then enqueueDeliveries — and exactly the outbox rows it queued.
 */

type Person = Awaited<ReturnType<typeof createUser>>;
type Severity = 'info' | 'warning' | 'error' | 'critical';
type Queued = { user_id: number | null; channel: string; target: string; kind: string; delay_s: number };

const uid = () => randomBytes(4).toString('hex');

async function ruleWith(cfg: Partial<AlertConfig>, ruleType: 'event' | 'schedule' = 'event') {
  return createRule({ check: 'event_match', rule_type: ruleType, alert_config: { recipients: [], channels: ['in_app', 'email'], ...cfg } });
}

/** An alert of the rule reaching `people` (their inbox rows), as firing left it. */
async function alertFor(ruleId: number, severity: Severity, people: Person[], opts: { dismissed?: Person[] } = {}) {
  const [a] = await db.execute<{ id: number }>(sql`
    insert into alerts (fingerprint, rule_id, alert_type, severity, title, message, resource_type, resource_id)
    values (${`policy-${uid()}`}, ${ruleId}, 'policy_test', ${severity}, 'Policy test', '', 'test', ${uid()}) returning id`);
  for (const p of people) {
    const dismissed = opts.dismissed?.some((d) => d.id === p.id) ?? false;
    await db.execute(sql`insert into alert_recipients (alert_id, user_id, reason, severity, dismissed_at)
                         values (${a!.id}, ${p.id}, 'user', ${severity}, ${dismissed ? sql`now()` : sql`null`})`);
  }
  return a!.id;
}

/** Write one timeline event and enqueue what it tells; the rows queued for it. */
async function tell(alertId: number, kind: string, details: Record<string, unknown> = {}): Promise<Queued[]> {
  return db.transaction(async (tx) => {
    const [ev] = await tx.execute<{ id: number }>(sql`
      insert into alert_events (alert_id, kind, details) values (${alertId}, ${kind}, ${JSON.stringify(details)}::jsonb) returning id`);
    await enqueueDeliveries(tx, [ev!.id]);
    return tx.execute<Queued>(sql`
      select user_id, channel, target, kind, round(extract(epoch from next_attempt_at - now()))::int as delay_s
        from deliveries where event_id = ${ev!.id} order by channel, target`);
  });
}

const emailsTo = (rows: Queued[]) => rows.filter((r) => r.channel === 'email' && r.user_id !== null).map((r) => r.user_id).sort((a, b) => a! - b!);

async function prefs(p: Person, set: Record<string, unknown>) {
  const cols = Object.keys(set);
  await db.execute(sql`
    insert into notification_preferences (user_id, ${sql.raw(cols.join(', '))})
    values (${p.id}, ${sql.join(cols.map((c) => sql`${set[c]}`), sql`, `)})
    on conflict (user_id) do update set ${sql.raw(cols.map((c) => `${c} = excluded.${c}`).join(', '))}`);
}

async function subscribe(p: Person, channels: string[], enabled = true) {
  await db.execute(sql`insert into alert_subscriptions (user_id, alert_type, is_enabled, delivery_channels)
                       values (${p.id}, 'policy_test', ${enabled}, ${`{${channels.join(',')}}`}::text[])`);
}

let plain: Person;
beforeAll(async () => {
  plain = await createUser('staff');
});

describe('delivery policy: people by email', () => {
  it('a firing emails each active person it reached whose inbox row stands, when the rule sends email', async () => {
    const gone = await createUser('staff');
    const dismissed = await createUser('staff');
    await db.execute(sql`update users set is_active = false where id = ${gone.id}`);
    const rule = await ruleWith({});
    const alert = await alertFor(rule.id, 'warning', [plain, gone, dismissed], { dismissed: [dismissed] });
    const rows = await tell(alert, 'fired');
    expect(rows).toEqual([{ user_id: plain.id, channel: 'email', target: plain.email, kind: 'fired', delay_s: 0 }]);
  });

  it('a rule without email tells nobody by email', async () => {
    const rule = await ruleWith({ channels: ['in_app'] });
    expect(await tell(await alertFor(rule.id, 'critical', [plain]), 'fired')).toEqual([]);
  });

  it('minimum severity: below the person’s least severity for email, no email; a scheduled report goes whatever its severity', async () => {
    const picky = await createUser('staff');
    await prefs(picky, { min_email_severity: 'error' });
    const rule = await ruleWith({});
    expect(emailsTo(await tell(await alertFor(rule.id, 'warning', [picky, plain]), 'fired'))).toEqual([plain.id]);
    expect(emailsTo(await tell(await alertFor(rule.id, 'error', [picky]), 'fired'))).toEqual([picky.id]);
    // the default least severity is warning: an info alert emails nobody...
    expect(emailsTo(await tell(await alertFor(rule.id, 'info', [plain]), 'fired'))).toEqual([]);
    // ...unless it is the daily summary a schedule rule asks for
    const summary = await ruleWith({}, 'schedule');
    expect(emailsTo(await tell(await alertFor(summary.id, 'info', [picky, plain]), 'fired'))).toEqual([plain.id, picky.id].sort((a, b) => a - b));
  });

  it('opt-out: email turned off sends no email, not even a critical', async () => {
    const off = await createUser('staff');
    await prefs(off, { email_enabled: false });
    const rule = await ruleWith({});
    expect(emailsTo(await tell(await alertFor(rule.id, 'critical', [off, plain]), 'fired'))).toEqual([plain.id]);
  });

  it('subscriptions: a person’s own channels for the alert type win over the rule’s', async () => {
    const inAppOnly = await createUser('staff');
    const wantsEmail = await createUser('staff');
    const turnedOff = await createUser('staff');
    await subscribe(inAppOnly, ['in_app']);
    await subscribe(wantsEmail, ['in_app', 'email']);
    await subscribe(turnedOff, ['email'], false);
    const emailing = await ruleWith({});
    expect(emailsTo(await tell(await alertFor(emailing.id, 'warning', [inAppOnly, wantsEmail, turnedOff]), 'fired'))).toEqual([wantsEmail.id]);
    const inApp = await ruleWith({ channels: ['in_app'] });
    expect(emailsTo(await tell(await alertFor(inApp.id, 'warning', [inAppOnly, wantsEmail, plain]), 'fired'))).toEqual([wantsEmail.id]);
  });

  it('digests: a person on a digest gets no single email for a non-critical alert; criticals never wait', async () => {
    const onDigest = await createUser('staff');
    await prefs(onDigest, { digest_frequency: 'daily' });
    const rule = await ruleWith({});
    expect(emailsTo(await tell(await alertFor(rule.id, 'error', [onDigest, plain]), 'fired'))).toEqual([plain.id]);
    expect(emailsTo(await tell(await alertFor(rule.id, 'critical', [onDigest]), 'fired'))).toEqual([onDigest.id]);
  });

  it('quiet hours: a non-critical email waits for their end in the person’s time zone; a critical breaks through', async () => {
    const sleeper = await createUser('staff');
    // quiet from an hour ago to two hours ahead, in Tokyo time
    const [w] = await db.execute<{ start: string; end: string }>(sql`
      select to_char((now() - interval '1 hour') at time zone 'Asia/Tokyo', 'HH24:MI') as start,
             to_char((now() + interval '2 hours') at time zone 'Asia/Tokyo', 'HH24:MI') as end`);
    await db.execute(sql`update users set timezone = 'Asia/Tokyo' where id = ${sleeper.id}`);
    await prefs(sleeper, { quiet_hours_start: w!.start, quiet_hours_end: w!.end });
    const rule = await ruleWith({});
    const [held] = await tell(await alertFor(rule.id, 'error', [sleeper]), 'fired');
    // the end of the quiet hours, to the minute: about two hours from now
    expect(held!.delay_s).toBeGreaterThan(2 * 3600 - 61);
    expect(held!.delay_s).toBeLessThanOrEqual(2 * 3600);
    const [urgent] = await tell(await alertFor(rule.id, 'critical', [sleeper]), 'fired');
    expect(urgent!.delay_s).toBe(0);
  });

  it('a repeat tells again only past the rule’s cooldown (details.renotify)', async () => {
    const rule = await ruleWith({});
    const alert = await alertFor(rule.id, 'warning', [plain]);
    expect(await tell(alert, 'refired', { renotify: false })).toEqual([]);
    expect(emailsTo(await tell(alert, 'refired', { renotify: true }))).toEqual([plain.id]);
    // grouped, silenced and throttled alerts are recorded, never told
    for (const kind of ['grouped', 'silenced', 'throttled']) expect(await tell(alert, kind)).toEqual([]);
  });
});

describe('delivery policy: follow-ups and escalations', () => {
  it('escalation audience: only the people the escalation reached', async () => {
    const lead = await createUser('manager');
    const rule = await ruleWith({});
    const alert = await alertFor(rule.id, 'error', [plain, lead]);
    expect(emailsTo(await tell(alert, 'escalated', { level: 1, user_ids: [lead.id] }))).toEqual([lead.id]);
  });

  it('acknowledgement audience: no person; the team’s Slack and webhook that heard of it, never its email addresses', async () => {
    const rule = await ruleWith({
      channels: ['in_app', 'email', 'slack', 'webhook'],
      email_to: ['Team@Example.com'],
      slack_channel: '#ops',
      webhook: { url: 'http://127.0.0.1:9/hook', headers: {} },
    });
    const alert = await alertFor(rule.id, 'error', [plain]);
    const fired = await tell(alert, 'fired');
    expect(fired.map((r) => `${r.channel}:${r.target}`)).toEqual([`email:${plain.email}`, 'email:team@example.com', 'slack:#ops', 'webhook:http://127.0.0.1:9/hook']);
    const acked = await tell(alert, 'acknowledged');
    expect(acked.map((r) => `${r.channel}:${r.target}:${r.kind}`)).toEqual(['slack:#ops:acknowledged', 'webhook:http://127.0.0.1:9/hook:acknowledged']);
  });

  it('resolution audience: the people and team channels that were told of it, and only those', async () => {
    const late = await createUser('staff');
    const rule = await ruleWith({ channels: ['in_app', 'email', 'slack'], slack_channel: '#ops' });
    const alert = await alertFor(rule.id, 'error', [plain]);
    await tell(alert, 'fired');
    // reached later by escalation, never emailed: no resolution email either
    await db.execute(sql`insert into alert_recipients (alert_id, user_id, reason, severity) values (${alert}, ${late.id}, 'escalation', 'error')`);
    const resolved = await tell(alert, 'resolved', { reason: 'manual' });
    expect(resolved.map((r) => `${r.channel}:${r.user_id}:${r.kind}`)).toEqual([`email:${plain.id}:resolved`, 'slack:null:resolved']);

    // an alert whose firing told nobody (a channel added since, an email skipped) gets no follow-up
    const quiet = await ruleWith({ channels: ['in_app'] });
    const untold = await alertFor(quiet.id, 'error', [plain]);
    await tell(untold, 'fired');
    await db.execute(sql`update alert_rules set alert_config = alert_config || '{"channels":["in_app","email","slack"],"slack_channel":"#ops"}' where id = ${quiet.id}`);
    expect(await tell(untold, 'resolved', { reason: 'manual' })).toEqual([]);
    const skipped = await alertFor(rule.id, 'error', [plain]);
    await tell(skipped, 'fired');
    await db.execute(sql`update deliveries set status = 'skipped' where alert_id = ${skipped}`);
    expect(await tell(skipped, 'resolved', { reason: 'manual' })).toEqual([]);
  });

  it('is idempotent: the same event enqueued again queues nothing new', async () => {
    const rule = await ruleWith({ channels: ['in_app', 'email', 'slack'], slack_channel: '#ops' });
    const alert = await alertFor(rule.id, 'critical', [plain]);
    const [ev] = await db.execute<{ id: number }>(sql`insert into alert_events (alert_id, kind) values (${alert}, 'fired') returning id`);
    expect(await db.transaction((tx) => enqueueDeliveries(tx, [ev!.id]))).toBe(2);
    expect(await db.transaction((tx) => enqueueDeliveries(tx, [ev!.id]))).toBe(0);
    expect(await db.transaction((tx) => enqueueDeliveries(tx, []))).toBe(0);
  });
});
