import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { releaseEndedSilences } from '@/lib/alerts/release';
import { ApiError, conflict, notFound } from '@/lib/api/problem';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import type { CreateSilenceInput, Silence, SilenceMatchers, SilencePreview, SilencePreviewInput } from '@/lib/validation/admin';


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
  const matchers = await resolveMatchers(db, input.matchers);
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<Row>(sql`
      with t as (select coalesce(${input.starts_at ?? null}::timestamptz, now()) as starts),
      s as (
        insert into silences (matchers, starts_at, ends_at, comment, created_by)
        select ${JSON.stringify(matchers)}::jsonb, t.starts,
               coalesce(${input.ends_at ?? null}::timestamptz, greatest(t.starts, now()) + make_interval(mins => ${input.duration_minutes ?? 0}::int)),
               ${input.comment}, ${viewer.id}
          from t
        returning *
      )
      select ${silenceColumns} from s left join users u on u.id = s.created_by`);
    await recordAudit(tx, viewer, 'silence.created', { type: 'silence', id: row!.id }, { ...input, matchers });
    return toSilence(row!);
  });
}

/** End a silence now (it stays listed as expired); ending one already over is a 409. Audited. Its held alerts still firing are told. */
export async function expireSilence(db: Tx, viewer: Viewer, id: number): Promise<void> {
  requirePermission(viewer, 'alerts.manage');
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ over: boolean }>(sql`select ends_at <= now() as over from silences where id = ${id} for update`);
    if (!row) throw notFound('Silence');
    if (row.over) throw conflict('This silence has already ended');
    await tx.execute(sql`update silences set ends_at = now(), starts_at = least(starts_at, now()) where id = ${id}`);
    // what it held since firing and still fires is told now, in this transaction
    const released = await releaseEndedSilences(tx, id);
    await recordAudit(tx, viewer, 'silence.expired', { type: 'silence', id }, { alerts_told: released.told, alerts_still_silenced: released.still_silenced });
  });
}

const badMatcher = (path: string, message: string, code: string) =>
  new ApiError(422, 'Unprocessable Content', message, { errors: [{ path: `matchers.${path}`, message, code }] });

/**
 * A complaint reference (C-1042) becomes the complaint's resource_type and resource_id, as the
 * checks raise its alerts; the reference stays beside them for people to read. Unknown: 422.
 */
export async function resolveMatchers(db: Tx, matchers: SilenceMatchers): Promise<SilenceMatchers> {
  const reference = matchers.complaint_reference;
  if (reference === undefined) return matchers;
  const [complaint] = await db.execute<{ id: number }>(sql`select id from complaints where reference = ${reference}`);
  if (!complaint) throw badMatcher('complaint_reference', `No complaint has the reference ${reference}.`, 'unknown_reference');
  const id = String(complaint.id);
  if (matchers.resource_type !== undefined && matchers.resource_type !== 'complaint') {
    throw badMatcher('resource_type', `A complaint reference matches complaints; the resource type ${matchers.resource_type} cannot match as well.`, 'conflicting_matchers');
  }
  if (matchers.resource_id !== undefined && matchers.resource_id !== id) {
    throw badMatcher('resource_id', `Complaint ${reference} is resource ${id}, not ${matchers.resource_id}.`, 'conflicting_matchers');
  }
  return { ...matchers, resource_type: 'complaint', resource_id: id };
}

const PREVIEW_LIMIT = 20;

type PreviewRow = {
  id: number;
  title: string;
  severity: SilencePreview['alerts'][number]['severity'];
  status: string;
  alert_type: string;
  rule_id: number | null;
  rule_name: string | null;
  resource_type: string | null;
  resource_id: string | null;
  last_fired_at: string | Date;
  total: number;
};

/**
 * POST /api/v1/admin/silences/preview: the open alerts a silence with these matchers would keep
 * quiet (their repeats notify nobody), newest firing first, and how many in all. Matches as
 * firing does (lib/alerts/fire.ts), one condition per matcher given, so the rule and resource
 * indexes apply.
 */
export async function previewSilence(db: Tx, viewer: Viewer, input: SilencePreviewInput): Promise<SilencePreview> {
  requirePermission(viewer, 'alerts.manage');
  const m = await resolveMatchers(db, input.matchers);
  const where: SQL[] = [sql`a.status <> 'resolved'`];
  if (m.rule_id !== undefined) where.push(sql`a.rule_id = ${m.rule_id}`);
  if (m.alert_type !== undefined) where.push(sql`a.alert_type = ${m.alert_type}`);
  if (m.severity !== undefined) where.push(sql`a.severity = ${m.severity}`);
  if (m.resource_type !== undefined) where.push(sql`a.resource_type = ${m.resource_type}`);
  if (m.resource_id !== undefined) where.push(sql`a.resource_id = ${m.resource_id}`);
  const rows = await db.execute<PreviewRow>(sql`
    select a.id, a.title, a.severity, a.status, a.alert_type, a.rule_id, r.rule_name, a.resource_type, a.resource_id,
           a.last_fired_at, count(*) over ()::int as total
      from alerts a left join alert_rules r on r.id = a.rule_id
     where ${sql.join(where, sql` and `)}
     order by a.last_fired_at desc, a.id desc
     limit ${PREVIEW_LIMIT}`);
  return {
    alerts: rows.map((r) => ({
      id: Number(r.id),
      title: r.title,
      severity: r.severity,
      status: r.status,
      alert_type: r.alert_type,
      rule: r.rule_id === null ? null : { id: Number(r.rule_id), name: r.rule_name ?? '' },
      resource_type: r.resource_type,
      resource_id: r.resource_id,
      last_fired_at: new Date(r.last_fired_at).toISOString(),
    })),
    total: rows[0]?.total ?? 0,
  };
}

export type SilenceChoices = { rules: { id: number; name: string }[]; alert_types: string[] };

/** What the silence form offers to pick from: the rules, and the alert types they raise. */
export async function silenceChoices(db: Tx, viewer: Viewer): Promise<SilenceChoices> {
  requirePermission(viewer, 'alerts.manage');
  const rows = await db.execute<{ id: number; rule_name: string; alert_type: string }>(sql`
    select id, rule_name, coalesce(alert_config->>'alert_type', "check") as alert_type from alert_rules order by rule_name`);
  return {
    rules: rows.map((r) => ({ id: Number(r.id), name: r.rule_name })),
    alert_types: [...new Set(rows.map((r) => r.alert_type))].sort(),
  };
}
