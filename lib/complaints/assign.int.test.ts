import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postAssign } from '@/app/api/v1/complaints/[id]/assign/route';
import { db } from '@/db/client';
import { alertRecipients, alerts, auditLog, complaints } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { runCronJob } from '@/lib/cron/run';
import { asViewer, createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { assignComplaintToViewer } from './assign';

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
