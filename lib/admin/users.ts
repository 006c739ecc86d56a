import { sql } from 'drizzle-orm';
import { allOf } from '@/db/sql-arrays';
import type { Tx } from '@/db/client';
import type { Role } from '@/db/schema';
import { invalidInput } from '@/lib/alerts/query';
import { ApiError, notFound } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { emailInvite, inviteUrl, issueInvite, revokeOpenInvites } from '@/lib/auth/invites';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { deliveryConfig, type DeliveryConfig } from '@/lib/delivery/config';
import type { AdminUser, CreatedUser, CreateUserInput, InviteStatus, ListUsersQuery, UpdateUserInput, UserPage } from '@/lib/validation/users';
import { finishAlertWrite } from '@/lib/alerts/finish-write';
import { notifyPeopleChanged } from '@/lib/realtime/notify';

type Row = {
  id: number;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  timezone: string;
  created_at: string;
  manager_id: number | null;
  manager_name: string | null;
  invite_status: InviteStatus;
  invite_expires_at: string | null;
};

// the latest link not withdrawn says where the person stands: used → accepted, open → pending or expired
const userColumns = sql`
  u.id, u.email, u.name, u.role, u.is_active, u.timezone, u.created_at, m.id as manager_id, m.name as manager_name,
  coalesce(i.status, 'none') as invite_status, case when i.status in ('pending', 'expired') then i.expires_at end as invite_expires_at`;
const userJoins = sql`
  left join users m on m.id = u.manager_id
  left join lateral (
    select case when i.used_at is not null then 'accepted' when i.expires_at <= now() then 'expired' else 'pending' end as status, i.expires_at
      from invites i
     where i.user_id = u.id and i.revoked_at is null
     order by i.id desc
     limit 1) i on true`;

const toUser = (r: Row): AdminUser => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  manager: r.manager_id === null ? null : { id: Number(r.manager_id), name: r.manager_name ?? '' },
  is_active: r.is_active,
  timezone: r.timezone,
  created_at: new Date(r.created_at).toISOString(),
  invite_status: r.invite_status,
  invite_expires_at: r.invite_expires_at === null ? null : new Date(r.invite_expires_at).toISOString(),
});

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// keyset position in the list ordered by (lower(name), id): opaque base64url of [name, id]
const encodeCursor = (name: string, id: number) => Buffer.from(JSON.stringify([name, id])).toString('base64url');
function decodeCursor(raw: string): [string, number] {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isSafeInteger(value[1]) && value[1] > 0) return [value[0], value[1]];
  } catch {
    // falls through to the 422
  }
  throw invalidInput('cursor', 'Not a cursor this list gave out');
}

/** GET /api/v1/admin/users: people by name, searched by name or email, filtered by role and active, keyset-paged. */
export async function listUsers(db: Tx, viewer: Viewer, q: ListUsersQuery): Promise<UserPage> {
  requirePermission(viewer, 'alerts.manage');
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await db.execute<Row & { sort_name: string }>(sql`
    select ${userColumns}, lower(u.name) as sort_name
      from users u ${userJoins}
     where ${allOf([
       ...(q.q ? [sql`(u.name ilike ${likePattern(q.q)} escape '\\' or u.email ilike ${likePattern(q.q)} escape '\\')`] : []),
       ...(q.role ? [sql`u.role = ${q.role}`] : []),
       ...(q.active !== undefined ? [sql`u.is_active = ${q.active}`] : []),
       ...(after ? [sql`(lower(u.name), u.id) > (${after[0]}, ${after[1]}::bigint)`] : []),
     ])}
     order by lower(u.name), u.id
     limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { users: page.map(toUser), next_cursor: rows.length > q.limit && last ? encodeCursor(last.sort_name, Number(last.id)) : null };
}

async function userById(tx: Tx, id: number): Promise<AdminUser> {
  const [row] = await tx.execute<Row>(sql`select ${userColumns} from users u ${userJoins} where u.id = ${id}`);
  if (!row) throw notFound('User');
  return toUser(row);
}

async function requireActiveManager(tx: Tx, managerId: number): Promise<void> {
  const [row] = await tx.execute<{ is_active: boolean }>(sql`select is_active from users where id = ${managerId}`);
  if (!row) throw invalidInput('manager_id', 'No such person');
  if (!row.is_active) throw invalidInput('manager_id', 'This person is deactivated');
}

const emailTaken = (email: string) =>
  new ApiError(409, 'Conflict', `Someone with the email ${email} already exists`, { errors: [{ path: 'email', message: 'already taken', code: 'taken' }] });

/**
 * POST /api/v1/admin/users: a new person without a password, and a one-time link for them to set
 * it. The link is always returned (it is the only copy) and emailed when SMTP is configured; a
 * failed send does not undo anything. Audited.
 */
export async function addUser(db: Tx, viewer: Viewer, input: CreateUserInput, config: DeliveryConfig = deliveryConfig()): Promise<CreatedUser> {
  requirePermission(viewer, 'alerts.manage');
  const { user, token, expiresAt } = await db.transaction(async (tx) => {
    if (input.manager_id) await requireActiveManager(tx, input.manager_id);
    const [created] = await tx.execute<{ id: number }>(sql`
      insert into users (email, name, role, manager_id) values (${input.email}, ${input.name}, ${input.role}, ${input.manager_id ?? null})
      on conflict ((lower(email))) do nothing
      returning id`);
    if (!created) throw emailTaken(input.email);
    if (input.manager_id) await notifyPeopleChanged(tx);
    const issued = await issueInvite(tx, created.id, viewer.id);
    const user = await userById(tx, created.id);
    await recordAudit(tx, viewer, 'user.created', { type: 'user', id: user.id }, { after: auditable(user) });
    return { user, ...issued };
  });
  const url = inviteUrl(config.appUrl, token);
  const emailed = await emailInvite(config, user, url, viewer.name);
  return { user, invite_url: url, expires_at: expiresAt.toISOString(), emailed };
}

const auditable = (u: AdminUser) => ({ name: u.name, email: u.email, role: u.role, manager_id: u.manager?.id ?? null, active: u.is_active });

type Locked = { id: number; name: string; role: Role; manager_id: number | null; is_active: boolean };

/** Would `managerId` managing `id` close a loop? True when id is managerId or one of its managers up the chain. */
async function wouldCycle(tx: Tx, id: number, managerId: number): Promise<boolean> {
  const [row] = await tx.execute<{ cycle: boolean }>(sql`
    with recursive up(id) as (
      select ${managerId}::bigint
      union
      select u.manager_id from up join users u on u.id = up.id where u.manager_id is not null
    )
    select exists (select 1 from up where id = ${id}) as cycle`);
  return row?.cycle ?? false;
}

/** Serializes changes that can take an admin away: two admins demoting each other at once cannot both succeed. */
const ADMIN_CHANGE_LOCK = 7263003;

/** The last active admin may not stop being one: someone must be able to manage the rest. */
async function requireAnotherAdmin(tx: Tx, id: number, what: string): Promise<void> {
  const [row] = await tx.execute<{ others: number }>(sql`select count(*)::int as others from users where role = 'admin' and is_active and id <> ${id}`);
  if (!row?.others) throw new ApiError(409, 'Conflict', `The last active admin cannot be ${what}; make someone else an admin first`);
}

/**
 * PATCH /api/v1/admin/users/{id}: name, role, manager, active. A manager must be active and not one
 * of the person's own reports (nor themselves): 422 naming manager_id. The last active admin cannot
 * be demoted or deactivated: 409. Deactivating ends every session of the person (and so their live
 * streams), skips deliveries still waiting for them, hands their open alerts to their nearest
 * active manager and revokes their open invites, all in one
 * transaction. Audited with before and after.
 */
export async function updateUser(db: Tx, viewer: Viewer, id: number, patch: UpdateUserInput): Promise<AdminUser> {
  requirePermission(viewer, 'alerts.manage');
  return db.transaction(async (tx) => {
    // taken before any row lock, so concurrent changes queue here instead of deadlocking on each other's rows
    if (patch.active === false || (patch.role !== undefined && patch.role !== 'admin')) await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`);
    const [before] = await tx.execute<Locked>(sql`select id, name, role, manager_id, is_active from users where id = ${id} for update`);
    if (!before) throw notFound('User');
    if (patch.manager_id != null && patch.manager_id !== before.manager_id) {
      if (patch.manager_id === id) throw invalidInput('manager_id', 'A person cannot be their own manager');
      await requireActiveManager(tx, patch.manager_id);
      if (await wouldCycle(tx, id, patch.manager_id)) throw invalidInput('manager_id', 'This person reports to them: managers cannot form a loop');
    }
    const deactivating = patch.active === false && before.is_active;
    const reactivating = patch.active === true && !before.is_active;
    if (before.role === 'admin' && before.is_active) {
      if (deactivating) await requireAnotherAdmin(tx, id, 'deactivated');
      else if (patch.role !== undefined && patch.role !== 'admin') await requireAnotherAdmin(tx, id, 'demoted');
    }

    await tx.execute(sql`
      update users set
        name = coalesce(${patch.name ?? null}, name),
        role = coalesce(${patch.role ?? null}, role),
        manager_id = ${patch.manager_id === undefined ? sql`manager_id` : patch.manager_id},
        is_active = coalesce(${patch.active ?? null}::boolean, is_active),
        session_version = session_version + ${deactivating ? 1 : 0},
        updated_at = now()
      where id = ${id}`);
    if (patch.role !== undefined || patch.manager_id !== undefined || patch.active !== undefined) await notifyPeopleChanged(tx);
    const effects: Record<string, number> = {};
    if (deactivating) {
      const skipped = await tx.execute(sql`
        update deliveries set status = 'skipped', last_error = 'recipient deactivated'
         where user_id = ${id} and status in ('pending', 'failed')
        returning id`);
      effects.deliveries_skipped = skipped.length;
      // what was waiting on them now waits on the nearest active manager above them
      const handed = await tx.execute<{ alert_id: number; user_id: number }>(sql`
        insert into alert_recipients (alert_id, user_id, reason, severity)
        select r.alert_id, d.id, 'delegate', r.severity
          from alert_recipients r
          join alerts a on a.id = r.alert_id and a.status <> 'resolved'
          cross join lateral (select ops_active_delegate(r.user_id) as id) d
         where r.user_id = ${id} and r.dismissed_at is null and d.id is not null
        on conflict do nothing
        returning alert_id, user_id`);
      effects.alerts_handed_over = handed.length;
      await finishAlertWrite(tx, { inbox_user_ids: handed.map((h) => h.user_id) });
      effects.invites_revoked = await revokeOpenInvites(tx, id);
    }

    const after = await userById(tx, id);
    const was = { name: before.name, role: before.role, manager_id: before.manager_id === null ? null : Number(before.manager_id), active: before.is_active };
    const now = auditable(after);
    const changed = (Object.keys(was) as (keyof typeof was)[]).filter((k) => was[k] !== now[k]);
    if (changed.length) {
      const action = deactivating ? 'user.deactivated' : reactivating ? 'user.reactivated' : 'user.updated';
      await recordAudit(tx, viewer, action, { type: 'user', id }, {
        before: Object.fromEntries(changed.map((k) => [k, was[k]])),
        after: Object.fromEntries(changed.map((k) => [k, now[k]])),
        ...effects,
      });
    }
    return after;
  });
}
