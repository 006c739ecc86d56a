import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as retryRoute } from '@/app/api/v1/admin/deliveries/[id]/retry/route';
import { GET as deliveriesRoute } from '@/app/api/v1/admin/deliveries/route';
import { POST as runRoute } from '@/app/api/v1/admin/jobs/[job]/run/route';
import { GET as jobsRoute } from '@/app/api/v1/admin/jobs/route';
import { GET as auditRoute } from '@/app/api/v1/admin/audit/route';
import { DELETE as silenceRoute } from '@/app/api/v1/admin/silences/[id]/route';
import { GET as listSilencesRoute, POST as createSilenceRoute } from '@/app/api/v1/admin/silences/route';
import { db } from '@/db/client';
import { alertRecipients, auditLog, cronRuns, deliveries, silences } from '@/db/schema';
import { call, raiseFor } from '@/lib/alerts/testing/api';
import type { AuditPage, DeliveryPage, JobsOverview, Silence } from '@/lib/validation/admin';
import { asViewer, createUser, tokenFor } from '@/test/fixtures';

let adminToken: string;
let staffToken: string;
let admin: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  admin = await createUser('admin');
  adminToken = await tokenFor(admin.id, ['alerts.manage']);
  staffToken = await tokenFor((await createUser('staff')).id);
});

describe('GET /api/v1/admin/jobs and POST …/{job}/run', () => {
  it('lists every job with its schedule, next run and recent runs, and says which are late', async () => {
    const now = Date.now();
    await db.insert(cronRuns).values({ job: 'sla', status: 'failed', startedAt: new Date(now - 60_000), finishedAt: new Date(now - 59_000), error: 'boom' });
    const res = await call(jobsRoute, { path: '/api/v1/admin/jobs', token: adminToken });
    expect(res.status).toBe(200);
    const { jobs } = res.body as JobsOverview;
    expect(jobs.map((j) => j.job)).toEqual(expect.arrayContaining(['sla', 'critical', 'escalations', 'deliver', 'daily-summary', 'cleanup']));
    const sla = jobs.find((j) => j.job === 'sla')!;
    expect(sla).toMatchObject({ schedule: '*/5 * * * *', late: true, last_success_at: null, runs: [{ status: 'failed', error: 'boom', duration_ms: 1000 }] });
    expect(Date.parse(sla.next_run_at!)).toBeGreaterThan(Date.now());
  });

  it('runs a job now, records and audits it; an unknown job is 404; staff may not', async () => {
    const res = await call(runRoute, { method: 'POST', path: '/api/v1/admin/jobs/sla/run', token: adminToken, params: { job: 'sla' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ job: 'sla', status: 'succeeded' });
    const { jobs } = (await call(jobsRoute, { path: '/api/v1/admin/jobs', token: adminToken })).body as JobsOverview;
    expect(jobs.find((j) => j.job === 'sla')).toMatchObject({ late: false, runs: [{ status: 'succeeded' }, { status: 'failed' }] });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'job.run'))).toHaveLength(1);
    expect((await call(runRoute, { method: 'POST', path: '/api/v1/admin/jobs/nope/run', token: adminToken, params: { job: 'nope' } })).status).toBe(404);
    expect((await call(runRoute, { method: 'POST', path: '/api/v1/admin/jobs/sla/run', token: staffToken, params: { job: 'sla' } })).status).toBe(403);
  });
});

describe('GET /api/v1/admin/deliveries and POST …/{id}/retry', () => {
  it('lists deliveries newest first, filtered, keyset-paged, with webhook addresses cut to origin and path', async () => {
    const alertId = await raiseFor(asViewer(admin), [admin], { title: 'Outbox sample' });
    const rows = await db
      .insert(deliveries)
      .values([
        { alertId, kind: 'fired', channel: 'webhook', target: 'https://hooks.example.com/in?token=SECRET', status: 'dead', attempts: 8, lastError: 'HTTP 500', idempotencyKey: 'a1' },
        { alertId, kind: 'fired', channel: 'email', userId: admin.id, target: admin.email, status: 'sent', attempts: 1, sentAt: new Date(), idempotencyKey: 'a2' },
        { alertId, kind: 'resolved', channel: 'slack', target: '#ops', status: 'failed', attempts: 2, idempotencyKey: 'a3' },
      ])
      .returning({ id: deliveries.id });
    const list = async (query: string) => (await call(deliveriesRoute, { path: `/api/v1/admin/deliveries${query}`, token: adminToken })).body as DeliveryPage;

    const all = await list('');
    expect(all.deliveries.map((d) => d.id)).toEqual(rows.map((r) => r.id).reverse());
    expect(all.deliveries[2]).toMatchObject({ channel: 'webhook', target: 'https://hooks.example.com/in', status: 'dead', alert: { id: alertId, title: 'Outbox sample' } });
    expect(JSON.stringify(all)).not.toContain('SECRET');
    expect((await list('?status=dead')).deliveries.map((d) => d.channel)).toEqual(['webhook']);
    expect((await list('?channel=email')).deliveries[0]).toMatchObject({ recipient: { id: admin.id }, status: 'sent' });

    const first = await list('?limit=2');
    expect(first.deliveries).toHaveLength(2);
    const second = await list(`?limit=2&before=${first.next_before}`);
    expect(second.deliveries.map((d) => d.id)).toEqual([rows[0]!.id]);
    expect(second.next_before).toBeNull();

    for (const bad of ['?status=lost', '?limit=0', '?before=-1', '?sort=id']) {
      expect((await call(deliveriesRoute, { path: `/api/v1/admin/deliveries${bad}`, token: adminToken })).status).toBe(422);
    }
  });

  it('retries a dead delivery with a fresh budget, and refuses one already sent', async () => {
    const [dead] = await db.select().from(deliveries).where(eq(deliveries.status, 'dead'));
    const [sent] = await db.select().from(deliveries).where(eq(deliveries.status, 'sent'));
    const retry = (id: number, token = adminToken) => call(retryRoute, { method: 'POST', path: `/api/v1/admin/deliveries/${id}/retry`, token, params: { id: String(id) } });
    expect((await retry(dead!.id, staffToken)).status).toBe(403);
    expect((await retry(dead!.id)).status).toBe(204);
    const [after] = await db.execute<{ status: string; attempts: number; due: boolean }>(sql`select status, attempts, next_attempt_at <= now() as due from deliveries where id = ${dead!.id}`);
    expect(after).toEqual({ status: 'pending', attempts: 0, due: true });
    expect((await retry(sent!.id)).status).toBe(409);
    expect((await retry(dead!.id)).status).toBe(409); // pending now
    expect((await retry(99_999_999)).status).toBe(404);
  });

  it('refuses to retry a delivery skipped for want of its channel while the channel is still not set up, saying what would help', async () => {
    const alertId = await raiseFor(asViewer(admin), [admin], { title: 'Skipped sample' });
    const [skipped] = await db
      .insert(deliveries)
      .values({ alertId, kind: 'fired', channel: 'slack', target: '#ops', status: 'skipped', attempts: 1, lastError: 'Slack is not configured here (SLACK_WEBHOOK_URL)', idempotencyKey: 'skip-1' })
      .returning({ id: deliveries.id });
    const retry = () => call(retryRoute, { method: 'POST', path: `/api/v1/admin/deliveries/${skipped!.id}/retry`, token: adminToken, params: { id: String(skipped!.id) } });
    const saved = process.env.SLACK_WEBHOOK_URL;
    try {
      delete process.env.SLACK_WEBHOOK_URL;
      const refused = await retry();
      expect(refused.status).toBe(409);
      expect((refused.body as { detail: string }).detail).toBe('Slack is not set up on this server (SLACK_WEBHOOK_URL is not set), so a retry would be skipped again. Set SLACK_WEBHOOK_URL, then retry.');
      expect((await db.select().from(deliveries).where(eq(deliveries.id, skipped!.id)))[0]).toMatchObject({ status: 'skipped' });
      // once it is set up, the same delivery can go again
      process.env.SLACK_WEBHOOK_URL = 'http://127.0.0.1:9/slack';
      expect((await retry()).status).toBe(204);
    } finally {
      if (saved === undefined) delete process.env.SLACK_WEBHOOK_URL;
      else process.env.SLACK_WEBHOOK_URL = saved;
    }
  });
});

describe('silences: GET/POST /api/v1/admin/silences, DELETE …/{id}', () => {
  it('silences what matches from now on, counts what it kept quiet, and ends on demand', async () => {
    const post = (body: unknown, token = adminToken) => call(createSilenceRoute, { method: 'POST', path: '/api/v1/admin/silences', token, body });
    const list = async () => ((await call(listSilencesRoute, { path: '/api/v1/admin/silences', token: adminToken })).body as { silences: Silence[] }).silences;

    const created = await post({ matchers: { alert_type: 'disk_full' }, duration_minutes: 60, comment: 'Replacing the disk' });
    expect(created.status).toBe(201);
    const silence = created.body as Silence;
    expect(silence).toMatchObject({ matchers: { alert_type: 'disk_full' }, state: 'active', comment: 'Replacing the disk', created_by: { id: admin.id }, silenced_alerts: 0 });
    expect(Date.parse(silence.ends_at) - Date.parse(silence.starts_at)).toBeGreaterThanOrEqual(59 * 60_000);

    // an alert of that type is recorded, and reaches nobody
    const staff = await createUser('staff');
    const quiet = await raiseFor(asViewer(admin), [staff], { alert_type: 'disk_full', title: 'Disk 99% on db-1' });
    expect(await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, quiet))).toEqual([]);
    const loud = await raiseFor(asViewer(admin), [staff], { alert_type: 'disk_slow' });
    expect(await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, loud))).toHaveLength(1);
    expect((await list()).find((s) => s.id === silence.id)).toMatchObject({ state: 'active', silenced_alerts: 1 });

    const scheduled = (await post({ matchers: { severity: 'info', resource_type: 'site' }, starts_at: new Date(Date.now() + 3600_000).toISOString(), duration_minutes: 30, comment: 'Tonight' })).body as Silence;
    expect(scheduled.state).toBe('scheduled');

    const end = (id: number) => call(silenceRoute, { method: 'DELETE', path: `/api/v1/admin/silences/${id}`, token: adminToken, params: { id: String(id) } });
    expect((await end(silence.id)).status).toBe(204);
    expect((await end(silence.id)).status).toBe(409);
    const after = await list();
    expect(after.find((s) => s.id === silence.id)).toMatchObject({ state: 'expired' });
    // active and scheduled first, then the ended ones
    expect(after.map((s) => s.state)).toEqual([...after.map((s) => s.state)].sort((a, b) => Number(a === 'expired') - Number(b === 'expired')));
    const again = await raiseFor(asViewer(admin), [staff], { alert_type: 'disk_full', title: 'Disk 99% on db-2' });
    expect(await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, again))).toHaveLength(1);
  });

  it.each([
    [{ matchers: {}, duration_minutes: 5, comment: 'x' }, 'matchers'],
    [{ matchers: { team: 'ops' }, duration_minutes: 5, comment: 'x' }, 'matchers'],
    [{ matchers: { severity: 'loud' }, duration_minutes: 5, comment: 'x' }, 'matchers.severity'],
    [{ matchers: { alert_type: 'x' }, comment: 'x' }, 'ends_at'],
    [{ matchers: { alert_type: 'x' }, ends_at: '2001-01-01T00:00:00Z', comment: 'x' }, 'ends_at'],
    [{ matchers: { alert_type: 'x' }, duration_minutes: 5, comment: '  ' }, 'comment'],
  ])('refuses %j with 422 at %s, silencing nothing', async (body, path) => {
    const before = (await db.select().from(silences)).length;
    const res = await call(createSilenceRoute, { method: 'POST', path: '/api/v1/admin/silences', token: adminToken, body });
    expect(res.status).toBe(422);
    expect(((res.body as { errors: { path: string }[] }).errors ?? []).map((e) => e.path)).toContain(path);
    expect((await db.select().from(silences)).length).toBe(before);
  });
});

describe('GET /api/v1/admin/audit', () => {
  it('lists who did what, newest first, by action and target, keyset-paged', async () => {
    const list = async (query: string) => (await call(auditRoute, { path: `/api/v1/admin/audit${query}`, token: adminToken })).body as AuditPage;
    const all = await list('');
    expect(all.entries.length).toBeGreaterThan(2);
    expect(all.entries.map((e) => e.id)).toEqual([...all.entries.map((e) => e.id)].sort((a, b) => b - a));
    const created = await list('?action=silence.created');
    expect(created.entries.length).toBeGreaterThanOrEqual(2);
    expect(created.entries[0]).toMatchObject({ action: 'silence.created', actor: { id: admin.id, name: admin.name, type: 'token' }, target_type: 'silence' });
    expect(created.entries[0]!.details).toHaveProperty('comment');
    const one = created.entries.at(-1)!;
    expect((await list(`?target_type=silence&target_id=${one.target_id}`)).entries.map((e) => e.action)).toEqual(expect.arrayContaining(['silence.created']));
    const first = await list('?limit=1');
    const second = await list(`?limit=1&before=${first.next_before}`);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[0]!.id);
    for (const bad of ['?action=DROP TABLE', '?limit=500', '?who=me']) {
      expect((await call(auditRoute, { path: `/api/v1/admin/audit${bad}`, token: adminToken })).status).toBe(422);
    }
    expect((await call(auditRoute, { path: '/api/v1/admin/audit', token: staffToken })).status).toBe(403);
  });
});
