import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { conflict, notFound } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { CreateSilenceInput, Silence } from '@/lib/validation/admin';


type Row = Omit<Silence, 'created_by'> & { creator_id: number | null; creator_name: string | null };

const silenceColumns = sql`
  s.id, s.matchers, s.comment, s.created_at, s.starts_at, s.ends_at,
  case when s.ends_at <= now() then 'expired' when s.starts_at > now() then 'scheduled' else 'active' end as state,
  u.id as creator_id, u.name as creator_name,
  (select count(*)::int from alerts a where a.metadata ? 'silenced_by' and a.metadata->>'silenced_by' = s.id::text) as silenced_alerts`;

const toSilence = (r: Row): Silence => ({
  id: Number(r.id),
  matchers: r.matchers,
  starts_at: new Date(r.starts_at).toISOString(),
  ends_at: new Date(r.ends_at).toISOString(),
  state: r.state,
  comment: r.comment,
  created_by: r.creator_id === null ? null : { id: Number(r.creator_id), name: r.creator_name ?? '' },
  created_at: new Date(r.created_at).toISOString(),
  silenced_alerts: r.silenced_alerts,
});

/** Active and scheduled silences, then those that ended in the last 7 days. */
export async function listSilences(db: Tx, viewer: Viewer): Promise<{ silences: Silence[] }> {
  requirePermission(viewer, 'alerts.manage');
  const rows = await db.execute<Row>(sql`
    select ${silenceColumns}
      from silences s left join users u on u.id = s.created_by
     where s.ends_at > now() - interval '7 days'
     order by (s.ends_at <= now()), s.ends_at
     limit 200`);
  return { silences: rows.map(toSilence) };
}

/** Silence what matches from now (or starts_at) on: matching alerts are recorded, nobody is told. Audited. */
export async function createSilence(db: Tx, viewer: Viewer, input: CreateSilenceInput): Promise<Silence> {
  requirePermission(viewer, 'alerts.manage');
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<Row>(sql`
      with t as (select coalesce(${input.starts_at ?? null}::timestamptz, now()) as starts),
      s as (
        insert into silences (matchers, starts_at, ends_at, comment, created_by)
        select ${JSON.stringify(input.matchers)}::jsonb, t.starts,
               coalesce(${input.ends_at ?? null}::timestamptz, greatest(t.starts, now()) + make_interval(mins => ${input.duration_minutes ?? 0}::int)),
               ${input.comment}, ${viewer.id}
          from t
        returning *
      )
      select ${silenceColumns} from s left join users u on u.id = s.created_by`);
    await recordAudit(tx, viewer, 'silence.created', { type: 'silence', id: row!.id }, input);
    return toSilence(row!);
  });
}

/** End a silence now (it stays listed as expired); ending one already over is a 409. Audited. */
export async function expireSilence(db: Tx, viewer: Viewer, id: number): Promise<void> {
  requirePermission(viewer, 'alerts.manage');
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ over: boolean }>(sql`select ends_at <= now() as over from silences where id = ${id} for update`);
    if (!row) throw notFound('Silence');
    if (row.over) throw conflict('This silence has already ended');
    await tx.execute(sql`update silences set ends_at = now(), starts_at = least(starts_at, now()) where id = ${id}`);
    await recordAudit(tx, viewer, 'silence.expired', { type: 'silence', id });
  });
}
