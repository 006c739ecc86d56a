import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as analyticsRoute } from '@/app/api/v1/alerts/analytics/route';
import { db } from '@/db/client';
import { call } from '@/lib/alerts/testing/api';
import { createUser, tokenFor } from '@/test/fixtures';
import type { Analytics } from './analytics';

/**
 * Known answers: six alerts around a three-day window (2026-11-01 … 11-04, UTC), three complaints
 * due in it, one delivery. This file's database holds nothing else.
 */
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-11-04T00:00:00Z';

let admin: string;
let manager: string;
let staff2: string;
let managerId: number;
let staff1Id: number;

async function alert(opts: { at: string; severity: string; type?: string; ackAfter?: number; resolveAfter?: number; resolvedAt?: string; to: number[] }) {
  const [row] = await db.execute<{ id: number }>(sql`
    insert into alerts (fingerprint, alert_type, severity, title, status, created_at, first_fired_at, last_fired_at, acknowledged_at, resolved_at)
    select 'known:' || gen_random_uuid(), ${opts.type ?? 'known'}, ${opts.severity}, 'Known answer', s, t, t, t,
           case when ${opts.ackAfter ?? null}::int is not null then t + make_interval(secs => ${opts.ackAfter ?? null}::int) end, r
      from (select ${opts.at}::timestamptz as t) x,
           lateral (select coalesce(${opts.resolvedAt ?? null}::timestamptz,
                                    case when ${opts.resolveAfter ?? null}::int is not null then x.t + make_interval(secs => ${opts.resolveAfter ?? null}::int) end) as r) y,
           lateral (select case when y.r is not null then 'resolved' when ${opts.ackAfter ?? null}::int is not null then 'acknowledged' else 'firing' end as s) z
    returning id`);
  for (const u of opts.to) await db.execute(sql`insert into alert_recipients (alert_id, user_id, reason, severity, created_at) values (${row!.id}, ${u}, 'user', ${opts.severity}, ${opts.at}::timestamptz)`);
  return row!.id;
}

const get = async (token: string, query: string) => call(analyticsRoute, { token, path: `/api/v1/alerts/analytics?${query}` });
const window = `from=${FROM}&to=${TO}&bucket=day`;

beforeAll(async () => {
  const a = await createUser('admin');
  const m = await createUser('manager');
  const s1 = await createUser('staff', { managerId: m.id });
  const s2 = await createUser('staff');
  managerId = m.id;
  staff1Id = s1.id;
  admin = await tokenFor(a.id, ['alerts.read', 'alerts.manage']);
  manager = await tokenFor(m.id, ['alerts.read']);
  staff2 = await tokenFor(s2.id, ['alerts.read']);

  const a1 = await alert({ at: '2026-11-01T01:00:00Z', severity: 'critical', ackAfter: 60, resolveAfter: 600, to: [s1.id] });
  await alert({ at: '2026-11-01T02:00:00Z', severity: 'warning', ackAfter: 180, resolveAfter: 1200, to: [s1.id] });
  await alert({ at: '2026-11-01T03:00:00Z', severity: 'warning', resolveAfter: 300, to: [s2.id] });
  await alert({ at: '2026-11-02T05:00:00Z', severity: 'error', type: 'sla_breach', ackAfter: 120, to: [s2.id] });
  // before the window: one resolved inside it, one still open
  await alert({ at: '2026-10-31T23:00:00Z', severity: 'info', resolvedAt: '2026-11-02T01:00:00Z', to: [s1.id] });
  await alert({ at: '2026-10-30T12:00:00Z', severity: 'warning', to: [s2.id] });

  await db.execute(sql`
    insert into complaints (reference, title, assignee_id, resolution_due_at, resolved_at, status) values
      ('K-1', 'met', ${s1.id}, '2026-11-01T12:00:00Z', '2026-11-01T10:00:00Z', 'resolved'),
      ('K-2', 'late', ${s2.id}, '2026-11-02T12:00:00Z', '2026-11-02T13:00:00Z', 'resolved'),
      ('K-3', 'still open', ${s1.id}, '2026-11-03T12:00:00Z', null, 'open')`);
  await db.execute(sql`
    insert into deliveries (alert_id, kind, user_id, channel, target, status, idempotency_key, sent_at, created_at)
    values (${a1}, 'fired', ${s1.id}, 'email', 'x@example.com', 'sent', 'known-1', '2026-11-01T01:00:30Z', '2026-11-01T01:00:00Z'),
           (${a1}, 'fired', null, 'webhook', 'http://x', 'dead', 'known-2', null, '2026-11-01T01:00:00Z')`);
});

describe('GET /api/v1/alerts/analytics', () => {
  it('answers everyone\'s numbers for an admin: per-day load by severity, open vs resolved, MTTA and MTTR, SLA, deliveries, people, rules', async () => {
    const res = await get(admin, window);
    expect(res.status).toBe(200);
    const body = res.body as Analytics;
    expect(body.team).toBeNull();
    expect(body.totals).toEqual({
      alerts: 4,
      by_severity: { info: 0, warning: 2, error: 1, critical: 1 },
      acknowledged: 3,
      resolved: 3,
      open_now: 2,
      open_critical_now: 0,
      mtta_p50_s: 120,
      mttr_p50_s: 600,
      sla_breaches: 1,
    });
    expect(body.series.map((b) => b.t)).toEqual(['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z']);
    const [d1, d2, d3] = body.series;
    expect(d1).toEqual({
      t: '2026-11-01T00:00:00Z',
      alerts: { info: 0, warning: 2, error: 0, critical: 1 },
      opened: 3,
      resolved: 3,
      // two were open when the window began (one opened the day before, one two days before)
      open_at_end: 2,
      // acknowledged after 60 and 180 s; resolved after 300, 600 and 1,200 s (percentile_cont)
      mtta_p50_s: 120,
      mtta_p90_s: 168,
      mttr_p50_s: 600,
      mttr_p90_s: 1080,
      sla_breaches: 0,
      complaints_met: 1,
      complaints_breached: 0,
    });
    expect(d2).toMatchObject({ opened: 1, resolved: 1, open_at_end: 2, alerts: { error: 1 }, mtta_p50_s: 120, mttr_p50_s: null, sla_breaches: 1, complaints_met: 0, complaints_breached: 1 });
    expect(d3).toMatchObject({ opened: 0, resolved: 0, open_at_end: 2, mtta_p50_s: null, complaints_breached: 1 });
    expect(body.deliveries).toEqual([
      { channel: 'email', status: 'sent', n: 1 },
      { channel: 'webhook', status: 'dead', n: 1 },
    ]);
    expect(body.delivery_p95_s).toEqual({ email: 30 });
    expect(body.people.map((p) => [p.alerts, p.acknowledged])).toEqual([
      [2, 2],
      [2, 1],
    ]);
    expect(body.rules).toEqual([{ rule_id: null, rule_name: 'raised through the API', alerts: 4, acknowledged_share: 0.75, unattended_share: 0.25 }]);
  });

  it('shows a lead their own team only, and an admin any lead\'s team', async () => {
    const mine = (await get(manager, window)).body as Analytics;
    expect(mine.team).toMatchObject({ id: managerId });
    expect(mine.totals).toMatchObject({ alerts: 2, acknowledged: 2, resolved: 2, open_now: 0, open_critical_now: 0, sla_breaches: 0 });
    expect(mine.series.map((b) => [b.opened, b.resolved, b.open_at_end, b.complaints_met, b.complaints_breached])).toEqual([
      [2, 2, 1, 1, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
    expect(mine.people.map((p) => p.user_id)).toEqual([staff1Id]);
    const asAdmin = (await get(admin, `${window}&team=${managerId}`)).body as Analytics;
    expect(asAdmin.totals).toEqual(mine.totals);

    expect((await get(staff2, `${window}&team=${managerId}`)).status).toBe(403);
    expect((await get(admin, `${window}&team=99999999`)).status).toBe(404);
  });

  it('buckets by hour and week too, and refuses a window it cannot chart with a 422', async () => {
    const hours = (await get(admin, `from=2026-11-01T00:00:00Z&to=2026-11-01T06:00:00Z&bucket=hour`)).body as Analytics;
    expect(hours.series.map((b) => b.opened)).toEqual([0, 1, 1, 1, 0, 0]);
    const weeks = (await get(admin, `from=2026-10-26T00:00:00Z&to=2026-11-09T00:00:00Z&bucket=week`)).body as Analytics;
    expect(weeks.series.map((b) => [b.t, b.opened])).toEqual([
      ['2026-10-26T00:00:00Z', 5],
      ['2026-11-02T00:00:00Z', 1],
    ]);
    for (const bad of ['bucket=month', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&bucket=hour', 'team=-1', 'from=yesterday']) {
      const res = await get(admin, bad);
      expect(res.status, bad).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
    }
  });
});
