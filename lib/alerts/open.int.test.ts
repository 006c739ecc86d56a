import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postAcknowledge } from '@/app/api/v1/alerts/[id]/acknowledge/route';
import { GET as getOpen } from '@/app/api/v1/alerts/open/route';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/auth/permissions';
import type { OpenAlertGroups } from '@/lib/validation/open-alerts';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { asViewer, call, raiseFor } from './testing/api';

type Person = Awaited<ReturnType<typeof createUser>>;

const open = async (token: string, qs = '') => {
  const res = await call(getOpen, { path: `/api/v1/alerts/open${qs ? `?${qs}` : ''}`, token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as OpenAlertGroups;
};
const labels = (body: OpenAlertGroups) => body.groups.map((g) => g.resource.label);
const backdate = (id: number, minutes: number) =>
  db.execute(sql`update alerts set first_fired_at = now() - make_interval(mins => ${minutes}::int) where id = ${id}`);

let admin: Viewer;
let manager: Person, staffA: Person, lead: Person, deep: Person, otherManager: Person, outsider: Person;
const tokens = {} as Record<'admin' | 'manager' | 'staffA' | 'lead' | 'deep' | 'otherManager', string>;
const ids = {} as Record<'byId' | 'byRef' | 'deepComplaint' | 'deepLoose' | 'outside' | 'managerMetric' | 'resolved' | 'sameSeverityOlder', number>;
let c1: Awaited<ReturnType<typeof createComplaint>>;
let c2: Awaited<ReturnType<typeof createComplaint>>;

beforeAll(async () => {
  const adminUser = await createUser('admin', { name: 'Ada Admin' });
  admin = asViewer(adminUser);
  manager = await createUser('manager', { name: 'Morgan Manager' });
  staffA = await createUser('staff', { managerId: manager.id, name: 'Sam Staff' });
  // a team lead under the manager, with a report of their own: the manager's report's report
  lead = await createUser('staff', { managerId: manager.id, name: 'Lee Lead' });
  deep = await createUser('staff', { managerId: lead.id, name: 'Dee Deep' });
  otherManager = await createUser('manager', { name: 'Nico Other' });
  outsider = await createUser('staff', { managerId: otherManager.id, name: 'Oz Outsider' });
  tokens.admin = await tokenFor(adminUser.id);
  tokens.manager = await tokenFor(manager.id);
  tokens.staffA = await tokenFor(staffA.id);
  tokens.lead = await tokenFor(lead.id);
  tokens.deep = await tokenFor(deep.id);
  tokens.otherManager = await tokenFor(otherManager.id);

  c1 = await createComplaint({ assigneeId: staffA.id, title: 'Invoice charged twice', responseDueIn: 30, resolutionDueIn: 600 });
  c2 = await createComplaint({ assigneeId: deep.id, title: 'Broken heater', responseDueIn: -10, resolutionDueIn: 300 });

  // one complaint, keyed by id (checks) and by reference (events): one group
  ids.byId = await raiseFor(admin, [staffA], { severity: 'warning', title: 'SLA at risk', resource: { type: 'complaint', id: String(c1.id) } });
  ids.byRef = await raiseFor(admin, [staffA], { severity: 'critical', title: 'Critical complaint', resource: { type: 'complaint', id: c1.reference } });
  // about a complaint the deep report holds, sent only to the admin: their leads see it by the complaint
  ids.deepComplaint = await raiseFor(admin, [adminUser], { severity: 'error', title: 'Response breached', resource: { type: 'complaint', id: String(c2.id) } });
  ids.deepLoose = await raiseFor(admin, [deep], { severity: 'info', title: 'Heads-up for Dee' });
  ids.outside = await raiseFor(admin, [outsider], { severity: 'critical', title: 'Payments failing', resource: { type: 'payment_provider', id: 'stripe' } });
  ids.managerMetric = await raiseFor(admin, [manager], { severity: 'warning', title: 'Latency high', resource: { type: 'metric', id: 'checkout_latency_p95' } });
  ids.sameSeverityOlder = await raiseFor(admin, [staffA], { severity: 'warning', title: 'Old warning', resource: { type: 'queue', id: 'high_priority' } });
  ids.resolved = await raiseFor(admin, [staffA], { severity: 'critical', title: 'Already fixed', resource: { type: 'metric', id: 'gone' } });
  await resolveAlert(db, admin, ids.resolved);
  await acknowledgeAlert(db, asViewer(staffA), ids.byId);

  // opened: C1 60 min ago (its oldest alert), the queue 90 min ago, the metric 20 min ago
  await backdate(ids.byId, 60);
  await backdate(ids.byRef, 5);
  await backdate(ids.sameSeverityOlder, 90);
  await backdate(ids.managerMetric, 20);
});

describe('GET /api/v1/alerts/open: who sees what', () => {
  it('staff see the alerts sent to them, grouped by complaint', async () => {
    const body = await open(tokens.staffA);
    expect(labels(body)).toEqual([`${c1.reference} · Invoice charged twice`, 'High-priority queue']);
    const [complaint] = body.groups;
    expect(complaint).toMatchObject({
      resource: { type: 'complaint', id: String(c1.id) },
      worst_severity: 'critical',
      owner: { id: staffA.id, name: 'Sam Staff' },
      sla: { status: 'at_risk', first_responded_at: null },
    });
    // worst first inside the group; the earliest first firing opens it
    expect(complaint!.alerts.map((a) => a.id)).toEqual([ids.byRef, ids.byId]);
    expect(Date.parse(complaint!.opened_at)).toBe(Date.parse(complaint!.alerts[1]!.first_fired_at));
    expect(complaint!.alerts[1]).toMatchObject({ status: 'acknowledged', acknowledged_by: { id: staffA.id, name: 'Sam Staff' }, escalation_level: 0, occurrences: 1 });
    expect(Date.parse(complaint!.alerts[1]!.acknowledged_at!)).not.toBeNaN();
    expect(complaint!.alerts[0]).toMatchObject({ status: 'firing', acknowledged_by: null, acknowledged_at: null });
    expect(body.next_cursor).toBeNull();
  });

  it('a manager sees their own and their reports’, down to a report’s report, and nobody else’s', async () => {
    const body = await open(tokens.manager);
    const all = body.groups.flatMap((g) => g.alerts.map((a) => a.id));
    expect(all.sort()).toEqual([ids.byId, ids.byRef, ids.deepComplaint, ids.deepLoose, ids.managerMetric, ids.sameSeverityOlder].sort());
    expect(all).not.toContain(ids.outside);
    expect(all).not.toContain(ids.resolved);
    // worst first, then oldest: the queue (90 min) before the metric (20 min), both warning
    expect(body.groups.map((g) => [g.resource.type, g.worst_severity])).toEqual([
      ['complaint', 'critical'],
      ['complaint', 'error'],
      ['queue', 'warning'],
      ['metric', 'warning'],
      ['alert', 'info'],
    ]);
    const [, c2Group, , metric, loose] = body.groups;
    expect(c2Group).toMatchObject({ owner: { id: deep.id, name: 'Dee Deep' }, sla: { status: 'breached' }, resource: { label: `${c2.reference} · Broken heater` } });
    expect(metric).toMatchObject({ resource: { type: 'metric', id: 'checkout_latency_p95', label: 'checkout_latency_p95' }, owner: null, sla: null });
    expect(loose).toMatchObject({ resource: { type: 'alert', id: String(ids.deepLoose), label: 'Heads-up for Dee' } });
  });

  it('a lead sees their report’s; the report sees only what was sent to them', async () => {
    expect((await open(tokens.lead)).groups.flatMap((g) => g.alerts.map((a) => a.id)).sort()).toEqual([ids.deepComplaint, ids.deepLoose].sort());
    expect((await open(tokens.deep)).groups.flatMap((g) => g.alerts.map((a) => a.id))).toEqual([ids.deepLoose]);
  });

  it('another manager sees their own people only; an admin sees everything open', async () => {
    expect(labels(await open(tokens.otherManager))).toEqual(['stripe']);
    const everything = (await open(tokens.admin)).groups.flatMap((g) => g.alerts.map((a) => a.id));
    expect(everything).toHaveLength(7);
    expect(everything).toContain(ids.outside);
    expect(everything).not.toContain(ids.resolved);
  });

  it('a token’s scopes narrow what its owner sees', async () => {
    const noRead = await tokenFor(manager.id, ['alerts.broadcast']);
    const res = await call(getOpen, { path: '/api/v1/alerts/open', token: noRead });
    expect(res.status).toBe(403);
    expect(res.contentType).toBe('application/problem+json');
    // an admin's token without alerts.manage sees what was sent to the admin, not everything
    const readOnly = await tokenFor(admin.id, ['alerts.read']);
    expect((await open(readOnly)).groups.flatMap((g) => g.alerts.map((a) => a.id))).toEqual([ids.deepComplaint]);
  });

  it('a manager may acknowledge a report’s alert from the team view, not a stranger’s', async () => {
    const mine = await raiseFor(admin, [deep], { severity: 'warning', title: 'Ack by the manager' });
    const ok = await call(postAcknowledge, { method: 'POST', path: `/api/v1/alerts/${mine}/acknowledge`, token: tokens.manager, params: { id: String(mine) }, body: {} });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const theirs = await raiseFor(admin, [outsider], { severity: 'warning', title: 'Not yours' });
    const no = await call(postAcknowledge, { method: 'POST', path: `/api/v1/alerts/${theirs}/acknowledge`, token: tokens.manager, params: { id: String(theirs) }, body: {} });
    expect(no.status).toBe(404);
    const group = (await open(tokens.lead)).groups.find((g) => g.alerts.some((a) => a.id === mine));
    expect(group?.alerts.find((a) => a.id === mine)).toMatchObject({ status: 'acknowledged', acknowledged_by: { id: manager.id, name: 'Morgan Manager' } });
    await resolveAlert(db, admin, mine);
    await resolveAlert(db, admin, theirs);
  });
});

describe('GET /api/v1/alerts/open: filters and paging', () => {
  it('severity is a minimum over the alerts; a group shows those that pass', async () => {
    const body = await open(tokens.manager, 'severity=error');
    expect(body.groups.map((g) => g.resource.id)).toEqual([String(c1.id), String(c2.id)]);
    expect(body.groups[0]!.alerts.map((a) => a.id)).toEqual([ids.byRef]);
  });

  it('alert_type, owner and unowned', async () => {
    await db.execute(sql`update alerts set alert_type = 'sla_at_risk' where id = ${ids.byId}`);
    expect((await open(tokens.manager, 'alert_type=sla_at_risk')).groups.flatMap((g) => g.alerts.map((a) => a.id))).toEqual([ids.byId]);
    expect((await open(tokens.manager, `owner=${deep.id}`)).groups.map((g) => g.resource.id)).toEqual([String(c2.id)]);
    expect((await open(tokens.manager, 'unowned=true')).groups.map((g) => g.resource.type)).toEqual(['queue', 'metric', 'alert']);
    expect((await open(tokens.manager, `owner=${outsider.id}`)).groups).toEqual([]);
  });

  it('pages with an opaque cursor over the group order, every group exactly once', async () => {
    const whole = await open(tokens.admin);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: OpenAlertGroups = await open(tokens.admin, `page_size=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.groups.length).toBeLessThanOrEqual(2);
      seen.push(...page.groups.map((g) => `${g.resource.type}:${g.resource.id}`));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(whole.groups.map((g) => `${g.resource.type}:${g.resource.id}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(whole.groups.length / 2));
  });

  it('refuses bad input with 422 problem+json', async () => {
    for (const qs of ['severity=loud', 'alert_type=DROP TABLE', 'owner=0', 'owner=abc', `owner=${deep.id}&unowned=true`, 'unowned=maybe', 'page_size=0', 'page_size=101', 'cursor=!!', 'cursor=eyJ4Ijox']) {
      const res = await call(getOpen, { path: `/api/v1/alerts/open?${qs}`, token: tokens.manager });
      expect(res.status, qs).toBe(422);
      expect(res.contentType, qs).toBe('application/problem+json');
    }
  });
});
