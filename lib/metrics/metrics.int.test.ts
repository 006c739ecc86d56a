import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { POST as previewRoute } from '@/app/api/v1/alerts/rules/preview/route';
import { POST as eventsRoute } from '@/app/api/v1/events/route';
import { db } from '@/db/client';
import { runCronJob } from '@/lib/cron/run';
import type { DeliveryConfig } from '@/lib/delivery/config';
import { dispatchDue } from '@/lib/delivery/dispatch';
import { call } from '@/lib/alerts/testing/api';
import { createComplaint, createRule, createUser, tokenFor } from '@/test/fixtures';
import { startHttpReceiver } from '@/test/receivers';

const METRICS_TOKEN = `mt_${randomBytes(16).toString('hex')}`;
const ctx = { params: Promise.resolve({}) };

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus text exposition, sample lines only: `name{a="x",b="y"} value`. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

const get = (authorization?: string) =>
  metricsRoute(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }));

const postEvent = (event: unknown) =>
  eventsRoute(
    new Request('http://localhost/api/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestToken}` },
      body: JSON.stringify(event),
    }),
    ctx,
  );

async function scrape(): Promise<Sample[]> {
  const res = await get(`Bearer ${METRICS_TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

const outboxInTable = async () =>
  Object.fromEntries(
    (await db.execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from deliveries where status in ('pending', 'failed', 'sending') group by status`)).map((r) => [r.status, r.n]),
  );
const outboxInGauge = (samples: Sample[]) =>
  Object.fromEntries(samples.filter((s) => s.name === 'ops_alerts_outbox_depth' && s.value > 0).map((s) => [s.labels.status!, s.value]));

let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let config: DeliveryConfig;
let ingestToken: string;
let admin: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  hook = await startHttpReceiver();
  config = { smtpUrl: null, smtpFrom: 'Ops Alerts <alerts@test.local>', slackWebhookUrl: null, webhookSecret: `whsec_${randomBytes(32).toString('base64')}`, appUrl: 'https://ops.example' };
  admin = await createUser('admin');
  ingestToken = await tokenFor(admin.id, ['events.write']);
  process.env.METRICS_TOKEN = METRICS_TOKEN;
});
afterEach(() => {
  process.env.METRICS_TOKEN = METRICS_TOKEN;
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await hook.close();
});

describe('GET /api/metrics', () => {
  it('moves with an event: ingested, fired, delivered by webhook, its latency, and the outbox as the table has it', async () => {
    const rule = await createRule({
      check: 'event_match',
      rule_type: 'event',
      conditions: { event_type: 'disk.full' },
      alert_config: { severity: 'critical', title_template: 'Disk full on {{event.resource.id}}', recipients: [`user:${admin.id}`], channels: ['in_app', 'webhook'], webhook: { url: `${hook.base}/hooks/metrics`, headers: {} } },
    });
    const before = await scrape();

    const res = await postEvent({ type: 'custom', event_type: 'disk.full', resource: { type: 'host', id: 'db-1' }, status: 'firing' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { alerts_created: number }).alerts_created).toBe(1);

    // queued, not yet sent: the gauge reads what the table holds
    const queued = await scrape();
    expect(outboxInGauge(queued)).toEqual(await outboxInTable());
    expect(valueOf(queued, 'ops_alerts_outbox_depth', { status: 'pending' })).toBe(1);
    expect(valueOf(queued, 'ops_alerts_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(0);

    const sent = await dispatchDue(db, { config });
    expect(sent).toMatchObject({ sent: 1, retrying: 0, dead: 0 });
    expect(hook.requests.filter((r) => r.path === '/hooks/metrics')).toHaveLength(1);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('ops_alerts_events_ingested_total', { type: 'custom' })).toBe(1);
    expect(delta('ops_alerts_alerts_fired_total', { rule: rule.ruleName })).toBe(1);
    expect(delta('ops_alerts_deliveries_total', { channel: 'webhook', outcome: 'sent' })).toBe(1);
    expect(delta('ops_alerts_deliveries_total', { channel: 'webhook', outcome: 'retrying' })).toBe(0);
    expect(delta('ops_alerts_event_to_delivery_seconds_count', { channel: 'webhook' })).toBe(1);
    expect(delta('ops_alerts_event_to_delivery_seconds_bucket', { channel: 'webhook', le: '+Inf' })).toBe(1);
    expect(outboxInGauge(after)).toEqual(await outboxInTable());
    expect(outboxInGauge(after)).toEqual({});
    expect(valueOf(after, 'ops_alerts_outbox_oldest_due_age_seconds')).toBe(0);

    await postEvent({ type: 'custom', event_type: 'disk.full', resource: { type: 'host', id: 'db-1' }, status: 'resolved' });
    const resolved = await scrape();
    const resolvedBy = { rule: rule.ruleName, reason: 'resolved_event' };
    expect(valueOf(resolved, 'ops_alerts_alerts_resolved_total', resolvedBy) - valueOf(after, 'ops_alerts_alerts_resolved_total', resolvedBy)).toBe(1);
  });

  it('does not count what a rolled-back rule preview fires', async () => {
    const staff = await createUser('staff');
    await createComplaint({ assigneeId: staff.id, responseDueIn: 25 });
    const before = await scrape();
    const res = await call(previewRoute, {
      method: 'POST',
      path: '/api/v1/alerts/rules/preview',
      token: await tokenFor(admin.id, ['alerts.manage']),
      body: { rule_name: 'metrics_preview', rule_type: 'sla', check: 'sla_at_risk', conditions: { buffer_minutes: 60 }, alert_config: { severity: 'warning', title_template: 'At risk {{complaint.reference}}', recipients: ['assignee'] } },
    });
    expect(res.status).toBe(200);
    expect((res.body as { counts: { created: number } }).counts.created).toBeGreaterThanOrEqual(1);
    const after = await scrape();
    expect(valueOf(after, 'ops_alerts_alerts_fired_total')).toBe(valueOf(before, 'ops_alerts_alerts_fired_total'));
  });

  it('times cron jobs and reads their last success from cron_runs, with live streams and the process metrics', async () => {
    const before = await scrape();
    const run = await runCronJob(db, 'deliver');
    expect(run?.status).toBe('succeeded');
    const after = await scrape();
    expect(valueOf(after, 'ops_alerts_job_duration_seconds_count', { job: 'deliver', status: 'succeeded' }) - valueOf(before, 'ops_alerts_job_duration_seconds_count', { job: 'deliver', status: 'succeeded' })).toBe(1);
    expect(valueOf(after, 'ops_alerts_job_last_success_timestamp_seconds', { job: 'deliver' })).toBe(Date.parse(run!.finished_at) / 1000);
    expect(after.some((s) => s.name === 'ops_alerts_live_streams')).toBe(true);
    expect(after.some((s) => s.name === 'ops_alerts_process_cpu_user_seconds_total')).toBe(true);
  });

  it('answers 401 problem+json without the token or with a wrong one, and 404 while METRICS_TOKEN is unset', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, `Bearer ${ingestToken}`]) {
      const res = await get(authorization);
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.text()).not.toContain('ops_alerts_');
    }
    delete process.env.METRICS_TOKEN;
    const off = await get(`Bearer ${METRICS_TOKEN}`);
    expect(off.status).toBe(404);
    expect(off.headers.get('content-type')).toBe('application/problem+json');
    process.env.METRICS_TOKEN = '';
    expect((await get('Bearer ')).status).toBe(404);
  });
});
