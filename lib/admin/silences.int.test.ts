import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as previewRoute } from '@/app/api/v1/admin/silences/preview/route';
import { POST as createRoute } from '@/app/api/v1/admin/silences/route';
import { db } from '@/db/client';
import { alerts, silences } from '@/db/schema';
import { call } from '@/lib/alerts/testing/api';
import { runCronJob } from '@/lib/cron/run';
import type { Silence, SilencePreview } from '@/lib/validation/admin';
import { alertsOfRule, createComplaint, createRule, createUser, tokenFor } from '@/test/fixtures';

let adminToken: string;
let staffToken: string;

beforeAll(async () => {
  adminToken = await tokenFor((await createUser('admin')).id, ['alerts.manage']);
  staffToken = await tokenFor((await createUser('staff')).id);
});

const preview = (body: unknown, token = adminToken) => call(previewRoute, { method: 'POST', path: '/api/v1/admin/silences/preview', token, body });
const create = (body: unknown) => call(createRoute, { method: 'POST', path: '/api/v1/admin/silences', token: adminToken, body });
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function alertOn(resource: { type: string; id: string }, opts: { type: string; severity?: 'info' | 'warning' | 'error' | 'critical'; status?: 'firing' | 'resolved'; minutesAgo?: number; ruleId?: number }) {
  const [row] = await db
    .insert(alerts)
    .values({
      fingerprint: `silence-test:${Math.random().toString(36).slice(2)}`,
      ruleId: opts.ruleId ?? null,
      alertType: opts.type,
      severity: opts.severity ?? 'warning',
      title: `${opts.type} on ${resource.id}`,
      resourceType: resource.type,
      resourceId: resource.id,
      status: opts.status ?? 'firing',
      lastFiredAt: ago(opts.minutesAgo ?? 1),
    })
    .returning();
  return row!;
}

describe('silence preview: POST /api/v1/admin/silences/preview', () => {
  it('lists the open alerts the matchers would silence, newest firing first, with the total', async () => {
    const complaint = await createComplaint({ title: 'Heating' });
    const resource = { type: 'complaint', id: String(complaint.id) };
    const older = await alertOn(resource, { type: 'preview_sla', minutesAgo: 30 });
    const newer = await alertOn(resource, { type: 'preview_sla', severity: 'critical', minutesAgo: 2 });
    await alertOn(resource, { type: 'preview_sla', status: 'resolved' });
    await alertOn({ type: 'complaint', id: '99999999' }, { type: 'preview_sla' });

    const byReference = await preview({ matchers: { complaint_reference: complaint.reference }, duration_minutes: 60, comment: 'anything' });
    expect(byReference.status).toBe(200);
    const body = byReference.body as SilencePreview;
    expect(body.total).toBe(2);
    expect(body.alerts.map((a) => a.id)).toEqual([newer.id, older.id]);
    expect(body.alerts[0]).toMatchObject({ title: `preview_sla on ${complaint.id}`, severity: 'critical', status: 'firing', resource_type: 'complaint', resource_id: String(complaint.id), rule: null });

    // every matcher given narrows it; the comment and the end are not needed to look
    const critical = (await preview({ matchers: { complaint_reference: complaint.reference, severity: 'critical' } })).body as SilencePreview;
    expect(critical.alerts.map((a) => a.id)).toEqual([newer.id]);
    expect(((await preview({ matchers: { alert_type: 'preview_sla' } })).body as SilencePreview).total).toBe(3);
  });

  it('counts every match but lists the newest 20, and names the rule', async () => {
    const rule = await createRule({ check: 'sla_breached' });
    for (let i = 0; i < 23; i++) await alertOn({ type: 'queue', id: `q${i}` }, { type: 'preview_many', ruleId: rule.id, minutesAgo: i + 1 });
    const body = (await preview({ matchers: { rule_id: rule.id } })).body as SilencePreview;
    expect(body.total).toBe(23);
    expect(body.alerts).toHaveLength(20);
    expect(body.alerts[0]).toMatchObject({ resource_id: 'q0', rule: { id: rule.id, name: rule.ruleName } });
    expect(((await preview({ matchers: { rule_id: 99_999_999 } })).body as SilencePreview)).toEqual({ alerts: [], total: 0 });
  });

  it.each([
    ['an unknown complaint reference', { complaint_reference: 'C-NOPE-1' }, 'matchers.complaint_reference', 'No complaint has the reference C-NOPE-1.'],
    ['no matcher', {}, 'matchers', 'Give at least one matcher'],
    ['an unknown matcher', { colour: 'red' }, 'matchers', ''],
  ])('refuses %s with a 422 in words, for the preview and the silence alike, saving nothing', async (_name, matchers, path, words) => {
    const before = (await db.select().from(silences)).length;
    for (const res of [await preview({ matchers }), await create({ matchers, duration_minutes: 60, comment: 'x' })]) {
      expect(res.status).toBe(422);
      const error = (res.body as { errors: { path: string; message: string }[] }).errors[0]!;
      expect(error.path).toBe(path);
      expect(error.message).toContain(words);
    }
    expect((await db.select().from(silences)).length).toBe(before);
  });

  it('is for admins only', async () => {
    expect((await preview({ matchers: { alert_type: 'x' } }, staffToken)).status).toBe(403);
  });
});

describe('silencing a complaint by its reference', () => {
  it('stores the complaint as the resource its alerts carry, so the checks keep its alerts quiet', async () => {
    const complaint = await createComplaint({ responseDueIn: -30, title: 'Flooded kitchen' });
    const other = await createComplaint({ responseDueIn: -30, title: 'Also flooded' });
    const rule = await createRule({ check: 'sla_breached', rule_type: 'sla', conditions: { deadlines: ['response'] } });

    const conflicting = await create({ matchers: { complaint_reference: complaint.reference, resource_type: 'payment_provider' }, duration_minutes: 60, comment: 'x' });
    expect(conflicting.status).toBe(422);
    expect((conflicting.body as { errors: { path: string }[] }).errors[0]!.path).toBe('matchers.resource_type');

    const res = await create({ matchers: { complaint_reference: complaint.reference, rule_id: rule.id }, duration_minutes: 60, comment: 'Plumber on site' });
    expect(res.status).toBe(201);
    const silence = res.body as Silence;
    expect(silence.matchers).toEqual({ complaint_reference: complaint.reference, rule_id: rule.id, resource_type: 'complaint', resource_id: String(complaint.id) });

    await runCronJob(db, 'sla');
    const fired = await alertsOfRule(rule.id);
    const mine = fired.find((a) => a.resourceId === String(complaint.id))!;
    const theirs = fired.find((a) => a.resourceId === String(other.id))!;
    expect(mine.metadata).toMatchObject({ silenced_by: silence.id });
    expect(theirs.metadata).not.toHaveProperty('silenced_by');
    expect((await db.select().from(silences).where(eq(silences.id, silence.id)))[0]!.matchers).toMatchObject({ resource_id: String(complaint.id) });
  });
});
