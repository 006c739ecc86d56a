import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getTeam } from '@/app/api/v1/team/route';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { call } from '@/lib/alerts/testing/api';
import { createUser, tokenFor } from '@/test/fixtures';

type User = Awaited<ReturnType<typeof createUser>>;
type People = { people: { id: number; name: string; role: string }[] };

describe('GET /api/v1/team: whom the viewer may assign complaints to', () => {
  let manager: User;
  let zed: User;
  let amy: User;
  let amysReport: User;
  let gone: User;
  let outsider: User;
  let admin: User;

  const team = async (user: User, scopes?: Parameters<typeof tokenFor>[1]) =>
    call(getTeam as Parameters<typeof call>[0], { path: '/api/v1/team', token: await tokenFor(user.id, scopes) });
  const ids = (r: { body: unknown }) => (r.body as People).people.map((p) => p.id);

  beforeAll(async () => {
    admin = await createUser('admin', { name: 'Aaron Admin' });
    manager = await createUser('manager', { name: 'Mona Manager' });
    zed = await createUser('staff', { managerId: manager.id, name: 'Zed Staff' });
    amy = await createUser('staff', { managerId: manager.id, name: 'Amy Staff' });
    amysReport = await createUser('staff', { managerId: amy.id, name: 'Bo Trainee' });
    gone = await createUser('staff', { managerId: manager.id, name: 'Gone Staff' });
    await db.update(users).set({ isActive: false }).where(eq(users.id, gone.id));
    outsider = await createUser('staff', { managerId: admin.id, name: 'Olga Outsider' });
  });

  it('gives a manager themselves and their active people down the chain, by name, with roles', async () => {
    const res = await team(manager, ['alerts.read']);
    expect(res.status).toBe(200);
    expect((res.body as People).people).toEqual([
      { id: amy.id, name: 'Amy Staff', role: 'staff' },
      { id: amysReport.id, name: 'Bo Trainee', role: 'staff' },
      { id: manager.id, name: 'Mona Manager', role: 'manager' },
      { id: zed.id, name: 'Zed Staff', role: 'staff' },
    ]);
  });

  it('gives staff just themselves, and a staff lead their own people', async () => {
    expect(ids(await team(zed, ['alerts.read']))).toEqual([zed.id]);
    expect(ids(await team(amy, ['alerts.read']))).toEqual([amy.id, amysReport.id]);
  });

  it('gives an admin every active person, and never a deactivated one', async () => {
    const res = ids(await team(admin));
    expect(res).toEqual(expect.arrayContaining([admin.id, manager.id, zed.id, amy.id, amysReport.id, outsider.id]));
    expect(res).not.toContain(gone.id);
    // an admin's token without alerts.manage reaches only their own team
    expect(ids(await team(admin, ['alerts.read'])).sort((a, b) => a - b)).toEqual([admin.id, outsider.id].sort((a, b) => a - b));
  });

  it('answers 401 without credentials and 403 without alerts.read', async () => {
    expect((await call(getTeam as Parameters<typeof call>[0], { path: '/api/v1/team' })).status).toBe(401);
    const res = await team(manager, ['alerts.broadcast']);
    expect(res.status).toBe(403);
    expect(res.contentType).toBe('application/problem+json');
  });
});
