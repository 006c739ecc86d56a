import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { POST as postAcknowledge } from '@/app/api/v1/alerts/[id]/acknowledge/route';
import { POST as postAssign } from '@/app/api/v1/complaints/[id]/assign/route';
import { PATCH as patchUser } from '@/app/api/v1/admin/users/[id]/route';
import { GET as streamRoute } from '@/app/api/v1/alerts/stream/route';
import { asViewer, call, raiseFor } from '@/lib/alerts/testing/api';
import { db } from '@/db/client';
import { complaints } from '@/db/schema';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';

type Frame = { event: string; data: unknown };

/** The frames of an SSE response, read until `until` holds or `ms` pass. */
function frames(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  // a read still waiting when a call times out is kept for the next call: its chunk is not lost
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return async (until: (f: Frame[]) => boolean, ms = 5000): Promise<Frame[]> => {
    const out: Frame[] = [];
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !until(out)) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk) break;
      pending = null;
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) out.push({ event, data: data ? JSON.parse(data) : null });
      }
    }
    return out;
  };
}

const openStream = (token: string, signal: AbortSignal) =>
  streamRoute(new Request('http://localhost/api/v1/alerts/stream', { headers: { authorization: `Bearer ${token}` }, signal }), { params: Promise.resolve({}) });
const teamChange = (f: Frame[]) => f.some((x) => x.event === 'changed' && (x.data as { kinds: string[] }).kinds.includes('team'));

describe('the team view stays live', () => {
  it("a manager's stream gets `changed` with kind team when a report acknowledges their alert; a stranger's does not", async () => {
    const admin = asViewer(await createUser('admin'));
    const manager = await createUser('manager');
    const lead = await createUser('staff', { managerId: manager.id });
    const report = await createUser('staff', { managerId: lead.id });
    const stranger = await createUser('manager');
    const alertId = await raiseFor(admin, [report], { severity: 'critical', title: 'Report’s alert' });

    const abort = new AbortController();
    const managerStream = frames(await openStream(await tokenFor(manager.id, ['alerts.read']), abort.signal));
    const strangerStream = frames(await openStream(await tokenFor(stranger.id, ['alerts.read']), abort.signal));
    await managerStream((f) => f.some((x) => x.event === 'count'));
    await strangerStream((f) => f.some((x) => x.event === 'count'));

    const ack = await call(postAcknowledge, {
      method: 'POST',
      path: `/api/v1/alerts/${alertId}/acknowledge`,
      token: await tokenFor(report.id, ['alerts.read']),
      params: { id: String(alertId) },
      body: {},
    });
    expect(ack.status).toBe(200);

    // the report's report: the change reaches the manager two levels up
    expect(teamChange(await managerStream(teamChange))).toBe(true);
    expect(teamChange(await strangerStream(teamChange, 500))).toBe(false);
    abort.abort();
  });

  it("a new alert for a report reaches the streams of those who watch them (kind team): managers up the chain and admins, not a stranger", async () => {
    const admin = await createUser('admin');
    const manager = await createUser('manager');
    const lead = await createUser('staff', { managerId: manager.id });
    const report = await createUser('staff', { managerId: lead.id });
    const stranger = await createUser('manager');
    const abort = new AbortController();
    const streams = await Promise.all([manager, admin, stranger].map(async (u) => frames(await openStream(await tokenFor(u.id, ['alerts.read']), abort.signal))));
    for (const s of streams) await s((f) => f.some((x) => x.event === 'count'));

    await raiseFor(asViewer(admin), [report], { severity: 'warning', title: 'A report’s new alert' });

    const [managerStream, adminStream, strangerStream] = streams;
    expect(teamChange(await managerStream!(teamChange))).toBe(true);
    expect(teamChange(await adminStream!(teamChange))).toBe(true);
    expect(teamChange(await strangerStream!(teamChange, 500))).toBe(false);
    abort.abort();
  });

  it('a complaint changing hands tells the old and the new owner and those who watch them; an update that keeps the owner tells nobody', async () => {
    const admin = await createUser('admin');
    const oldLead = await createUser('manager');
    const oldOwner = await createUser('staff', { managerId: oldLead.id });
    const newLead = await createUser('manager');
    const newOwner = await createUser('staff', { managerId: newLead.id });
    const stranger = await createUser('manager');
    const complaint = await createComplaint({ assigneeId: oldOwner.id });

    const abort = new AbortController();
    const open = async (id: number) => {
      const stream = frames(await openStream(await tokenFor(id, ['alerts.read']), abort.signal));
      await stream((f) => f.some((x) => x.event === 'count'));
      return stream;
    };
    const [oldLeadStream, newLeadStream, newOwnerStream, strangerStream] = [await open(oldLead.id), await open(newLead.id), await open(newOwner.id), await open(stranger.id)];

    // the same owner, another field: no team change for anyone
    await db.update(complaints).set({ title: 'Renamed' }).where(eq(complaints.id, complaint.id));
    expect(teamChange(await oldLeadStream(teamChange, 500))).toBe(false);

    const res = await call(postAssign, {
      method: 'POST',
      path: `/api/v1/complaints/${complaint.id}/assign`,
      token: await tokenFor(admin.id),
      params: { id: String(complaint.id) },
      body: { assignee_id: newOwner.id },
    });
    expect(res.status).toBe(200);

    expect(teamChange(await oldLeadStream(teamChange))).toBe(true);
    expect(teamChange(await newLeadStream(teamChange))).toBe(true);
    expect(teamChange(await newOwnerStream(teamChange))).toBe(true);
    expect(teamChange(await strangerStream(teamChange, 500))).toBe(false);
    abort.abort();
  });

  it('a person moved under a manager through the admin screens is in their team view from the next change on; the one they left, no longer', async () => {
    const admin = await createUser('admin');
    const before = await createUser('manager');
    const after = await createUser('manager');
    const person = await createUser('staff', { managerId: before.id });
    const abort = new AbortController();
    const open = async (id: number) => {
      const stream = frames(await openStream(await tokenFor(id, ['alerts.read']), abort.signal));
      await stream((f) => f.some((x) => x.event === 'count'));
      return stream;
    };
    const [beforeStream, afterStream] = [await open(before.id), await open(after.id)];
    await raiseFor(asViewer(admin), [person], { title: 'Before the move' });
    expect(teamChange(await beforeStream(teamChange))).toBe(true);

    const moved = await call(patchUser, {
      method: 'PATCH',
      path: `/api/v1/admin/users/${person.id}`,
      token: await tokenFor(admin.id),
      params: { id: String(person.id) },
      body: { manager_id: after.id },
    });
    expect(moved.status).toBe(200);
    await raiseFor(asViewer(admin), [person], { title: 'After the move' });
    expect(teamChange(await afterStream(teamChange))).toBe(true);
    expect(teamChange(await beforeStream(teamChange, 500))).toBe(false);
    abort.abort();
  });
});
