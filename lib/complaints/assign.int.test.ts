import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postAssign } from '@/app/api/v1/complaints/[id]/assign/route';
import { db } from '@/db/client';
import { alertRecipients, alerts, auditLog, complaints, users } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { call, raiseFor } from '@/lib/alerts/testing/api';
import { asViewer, createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { assignComplaint, assignComplaintToViewer } from './assign';

type User = Awaited<ReturnType<typeof createUser>>;
const assigneeOf = async (id: number) => (await db.select().from(complaints).where(eq(complaints.id, id)))[0]!.assigneeId;
const auditOf = (id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.targetType, 'complaint'), eq(auditLog.targetId, String(id)), eq(auditLog.action, 'complaint.assigned')));
const rejection = (p: Promise<unknown>) => p.then(() => null, (err: unknown) => (err instanceof ApiError ? err.status : err));

describe('assign a complaint to the viewer', () => {
  let owner: User;
  let colleague: User;
  let stranger: User;
  let manager: User;
  let admin: User;
  let breached: Awaited<ReturnType<typeof createComplaint>>;

  beforeAll(async () => {
    await seedDefaultRules(db);
    manager = await createUser('manager');
    admin = await createUser('admin');
    owner = await createUser('staff', { managerId: manager.id });
    colleague = await createUser('staff', { managerId: manager.id });
    stranger = await createUser('staff', { managerId: manager.id });
    breached = await createComplaint({ assigneeId: owner.id, responseDueIn: -20, title: 'Boiler leaking' });
    expect((await runCronJob(db, 'sla'))?.status).toBe('succeeded');
    // the colleague was sent the breach alert too (a broadcast, an escalation…)
    const [alert] = await db.select().from(alerts).where(and(eq(alerts.resourceType, 'complaint'), eq(alerts.resourceId, String(breached.id))));
    expect(alert).toBeDefined();
    await db.insert(alertRecipients).values({ alertId: alert!.id, userId: colleague.id, reason: 'user', severity: alert!.severity });
  });

  it('lets a recipient of an alert about the complaint take it, and audits who had it before', async () => {
    const result = await assignComplaintToViewer(db, asViewer(colleague), breached.id);
    expect(result).toMatchObject({ id: breached.id, reference: breached.reference, assignee: { id: colleague.id, name: colleague.name }, previous_assignee_id: owner.id, changed: true });
    expect(await assigneeOf(breached.id)).toBe(colleague.id);
    const audit = await auditOf(breached.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: colleague.id, actorType: 'user', details: { from: owner.id, to: colleague.id } });
  });

  it('is idempotent: taking it again changes nothing and writes no second audit row', async () => {
    const again = await assignComplaintToViewer(db, asViewer(colleague), breached.id);
    expect(again).toMatchObject({ changed: false, assignee: { id: colleague.id } });
    expect(await auditOf(breached.id)).toHaveLength(1);
  });

  it('answers 404 to staff without an alert about it, and leaves it alone', async () => {
    expect(await rejection(assignComplaintToViewer(db, asViewer(stranger), breached.id))).toBe(404);
    expect(await rejection(assignComplaintToViewer(db, asViewer(stranger), 987_654_321))).toBe(404);
    expect(await assigneeOf(breached.id)).toBe(colleague.id);
  });

  it('lets managers and admins take any open complaint, alert or not', async () => {
    const quiet = await createComplaint({ assigneeId: null, responseDueIn: 600 });
    expect((await assignComplaintToViewer(db, asViewer(manager), quiet.id)).previous_assignee_id).toBeNull();
    expect(await assigneeOf(quiet.id)).toBe(manager.id);
    expect((await assignComplaintToViewer(db, asViewer(admin), quiet.id)).previous_assignee_id).toBe(manager.id);
    expect(await assigneeOf(quiet.id)).toBe(admin.id);
  });

  it('refuses a resolved or closed complaint with 409', async () => {
    const done = await createComplaint({ assigneeId: owner.id });
    await db.update(complaints).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(complaints.id, done.id));
    expect(await rejection(assignComplaintToViewer(db, asViewer(manager), done.id))).toBe(409);
    expect(await assigneeOf(done.id)).toBe(owner.id);
  });

  describe('POST /api/v1/complaints/{id}/assign', () => {
    const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
    const post = (id: string, token?: string) =>
      postAssign(new Request(`http://localhost/api/v1/complaints/${id}/assign`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} }), ctx(id));

    it('answers 200 with the new assignee, 401 without credentials, 404 for strangers, 422 for a bad id', async () => {
      const other = await createComplaint({ assigneeId: null });
      const managerToken = await tokenFor(manager.id, ['alerts.read']);
      const res = await post(String(other.id), managerToken);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: other.id, assignee: { id: manager.id }, changed: true });

      expect((await post(String(other.id))).status).toBe(401);
      expect((await post(String(other.id), await tokenFor(stranger.id, ['alerts.read']))).status).toBe(404);
      const bad = await post('abc', managerToken);
      expect(bad.status).toBe(422);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});

describe('assign a complaint to someone else', () => {
  let manager: User;
  let report: User;
  let reportsReport: User;
  let gone: User;
  let otherManager: User;
  let outsider: User;
  let admin: User;
  let managerToken: string;

  const assign = (complaintId: number, token: string, body?: unknown) =>
    call(postAssign as Parameters<typeof call>[0], {
      method: 'POST',
      path: `/api/v1/complaints/${complaintId}/assign`,
      token,
      body,
      params: { id: String(complaintId) },
    });
  const problemOf = (r: { body: unknown }) => r.body as { detail?: string; errors?: { path: string; message: string }[] };

  beforeAll(async () => {
    admin = await createUser('admin');
    manager = await createUser('manager');
    report = await createUser('staff', { managerId: manager.id });
    reportsReport = await createUser('staff', { managerId: report.id });
    gone = await createUser('staff', { managerId: manager.id });
    await db.update(users).set({ isActive: false }).where(eq(users.id, gone.id));
    otherManager = await createUser('manager');
    outsider = await createUser('staff', { managerId: otherManager.id });
    managerToken = await tokenFor(manager.id, ['alerts.read']);
  });

  it('lets a manager hand a complaint to one of their people, down the chain, and audits from and to', async () => {
    const complaint = await createComplaint({ assigneeId: outsider.id });
    const res = await assign(complaint.id, managerToken, { assignee_id: report.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: complaint.id, assignee: { id: report.id, name: report.name }, previous_assignee_id: outsider.id, changed: true });
    expect(await assigneeOf(complaint.id)).toBe(report.id);
    expect(await auditOf(complaint.id)).toEqual([
      expect.objectContaining({ actorId: manager.id, actorType: 'token', details: expect.objectContaining({ from: outsider.id, to: report.id }) }),
    ]);

    const deeper = await assign(complaint.id, managerToken, { assignee_id: reportsReport.id });
    expect(deeper.status).toBe(200);
    expect(await assigneeOf(complaint.id)).toBe(reportsReport.id);
  });

  it('refuses a manager assigning to someone outside their team with 403 in words, and changes nothing', async () => {
    const complaint = await createComplaint({ assigneeId: report.id });
    const res = await assign(complaint.id, managerToken, { assignee_id: outsider.id });
    expect(res.status).toBe(403);
    expect(res.contentType).toBe('application/problem+json');
    expect(problemOf(res).detail).toMatch(/only to yourself or to someone in your team/);
    expect(await assigneeOf(complaint.id)).toBe(report.id);
    expect(await auditOf(complaint.id)).toHaveLength(0);
  });

  it('lets an admin assign to any active person', async () => {
    const complaint = await createComplaint({ assigneeId: null });
    const res = await assign(complaint.id, await tokenFor(admin.id), { assignee_id: outsider.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assignee: { id: outsider.id }, previous_assignee_id: null, changed: true });
    expect(await assigneeOf(complaint.id)).toBe(outsider.id);
  });

  it('answers 422 on assignee_id for a deactivated or unknown person, even in the team or for an admin', async () => {
    const complaint = await createComplaint({ assigneeId: report.id });
    for (const [token, assignee] of [
      [managerToken, gone.id],
      [await tokenFor(admin.id), gone.id],
      [await tokenFor(admin.id), 987_654_321],
    ] as const) {
      const res = await assign(complaint.id, token, { assignee_id: assignee });
      expect(res.status).toBe(422);
      expect(problemOf(res).errors).toEqual([expect.objectContaining({ path: 'assignee_id' })]);
    }
    expect(await assigneeOf(complaint.id)).toBe(report.id);
  });

  it('tells a lead nothing about people beyond their team: an id nobody has is a 403 like a stranger', async () => {
    const complaint = await createComplaint({ assigneeId: report.id });
    for (const assignee of [987_654_321, outsider.id]) {
      const res = await assign(complaint.id, managerToken, { assignee_id: assignee });
      expect(res.status, String(assignee)).toBe(403);
    }
    expect(await assigneeOf(complaint.id)).toBe(report.id);
  });

  it('lets staff take a complaint they see but not hand it to anyone else (403)', async () => {
    const complaint = await createComplaint({ assigneeId: null });
    const staffToken = await tokenFor(outsider.id, ['alerts.read']);
    const viewer = asViewer(outsider);
    // an alert about it in their inbox, so the complaint is theirs to see
    await raiseFor(asViewer(admin), [outsider], { resource: { type: 'complaint', id: String(complaint.id) } });

    expect(await rejection(assignComplaint(db, viewer, complaint.id, { assignee_id: report.id }))).toBe(403);
    const colleague = await assign(complaint.id, staffToken, { assignee_id: otherManager.id });
    expect(colleague.status).toBe(403);
    expect(await assigneeOf(complaint.id)).toBeNull();

    const self = await assign(complaint.id, staffToken, { assignee_id: outsider.id });
    expect(self.status).toBe(200);
    expect(await assigneeOf(complaint.id)).toBe(outsider.id);
  });

  it('lets a lead with the staff role assign to their own people: the org chart decides, not the role name', async () => {
    const complaint = await createComplaint({ assigneeId: reportsReport.id });
    const leadToken = await tokenFor(report.id, ['alerts.read']);
    // without an alert about it the complaint is out of their sight
    expect((await assign(complaint.id, leadToken, { assignee_id: report.id })).status).toBe(404);
    // an alert about it went to their report: the lead sees it in the team view, so may act on it
    await raiseFor(asViewer(admin), [reportsReport], { resource: { type: 'complaint', id: String(complaint.id) } });
    expect((await assign(complaint.id, leadToken, { assignee_id: manager.id })).status).toBe(403);
    const res = await assign(complaint.id, leadToken, { assignee_id: report.id });
    expect(res.status).toBe(200);
    expect(await assigneeOf(complaint.id)).toBe(report.id);
  });

  it('answers 409 for a closed complaint whoever it is meant for', async () => {
    const done = await createComplaint({ assigneeId: outsider.id });
    await db.update(complaints).set({ status: 'closed' }).where(eq(complaints.id, done.id));
    const res = await assign(done.id, managerToken, { assignee_id: report.id });
    expect(res.status).toBe(409);
    expect(await assigneeOf(done.id)).toBe(outsider.id);
  });

  it('treats no body, an empty object and assignee_id = the viewer alike: the viewer takes it', async () => {
    for (const body of [undefined, {}, { assignee_id: manager.id }]) {
      const complaint = await createComplaint({ assigneeId: report.id });
      const res = await assign(complaint.id, managerToken, body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ assignee: { id: manager.id, name: manager.name }, previous_assignee_id: report.id, changed: true });
    }
  });

  it('answers 422 without changing anything for a malformed body', async () => {
    const complaint = await createComplaint({ assigneeId: report.id });
    for (const body of ['null', '[]', '"x"', { assignee_id: String(report.id) }, { assignee_id: 1.5 }, { assignee_id: -1 }, { assignee_id: 0 }, { assignee_id: 1e20 }, { assignee_id: null }, { assignee: report.id }]) {
      const res = await assign(complaint.id, managerToken, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.contentType).toBe('application/problem+json');
    }
    expect(await assigneeOf(complaint.id)).toBe(report.id);
    expect(await auditOf(complaint.id)).toHaveLength(0);
  });
});
