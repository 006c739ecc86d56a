import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ApiError } from '@/lib/api/problem';
import type { Viewer } from '@/lib/auth/permissions';
import { visibleAlertSql } from '@/lib/alerts/visibility';
import { PROMETHEUS_EVENT_TYPE } from './prometheus';

/**
 * The read side of Alertmanager's API v2, enough for `amtool alert query` and clients that look at
 * `/api/v2/status`: the open alerts that came from the Prometheus world, as Alertmanager lists them.
 */

type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

const MAX_MATCHERS = 20;
const MAX_LISTED = 5000;
// `name op "value"` or unquoted value, as amtool sends `filter=` (one matcher each)
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"]*?))\s*$/;

/** One `filter` value: `alertname="Foo"`, `team!=db`, `job=~"api|web"`; braces around a single matcher are allowed. */
export function parseMatcher(text: string): Matcher {
  const inner = text.trim().replace(/^\{(.*)\}$/s, '$1');
  const m = inner.length > 1100 ? null : MATCHER.exec(inner);
  if (!m) throw new ApiError(400, 'Bad Request', `bad matcher format: ${text.slice(0, 200)}`);
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4]!;
  const op = m[2] as Matcher['op'];
  if (op === '=~' || op === '!~') checkPattern(value, text);
  return { name: m[1]!, op, value };
}

/** Only compiled, to answer 400 for a pattern that is not one; PostgreSQL does the matching. */
function checkPattern(pattern: string, given: string) {
  try {
    new RegExp(pattern);
  } catch {
    throw new ApiError(400, 'Bad Request', `bad matcher format: invalid regular expression in ${given.slice(0, 200)}`);
  }
}

/** PostgreSQL refused a regular expression JavaScript compiled (2201B), through the driver's wrapping. */
const invalidRegex = (err: unknown): boolean =>
  !!err && typeof err === 'object' && ((err as { code?: string }).code === '2201B' || invalidRegex((err as { cause?: unknown }).cause));

const bool = (v: string | null, fallback: boolean) => {
  if (v === null || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ApiError(400, 'Bad Request', `expected true or false, got ${v.slice(0, 50)}`);
};

export type ListQuery = { matchers: Matcher[]; active: boolean; silenced: boolean; receiver: string | null };

export function parseListQuery(params: URLSearchParams): ListQuery {
  const filters = params.getAll('filter');
  if (filters.length > MAX_MATCHERS) throw new ApiError(400, 'Bad Request', `at most ${MAX_MATCHERS} filters`);
  const receiver = params.get('receiver');
  if (receiver !== null && receiver.length > 200) throw new ApiError(400, 'Bad Request', 'receiver is too long');
  if (receiver !== null) checkPattern(receiver, receiver);
  // inhibited and unprocessed are accepted and mean nothing here: nothing is inhibited or left unprocessed
  bool(params.get('inhibited'), true);
  bool(params.get('unprocessed'), true);
  return { matchers: filters.map(parseMatcher), active: bool(params.get('active'), true), silenced: bool(params.get('silenced'), true), receiver };
}

/** A label of the alert `a`; a missing label matches as the empty string, as in Alertmanager. */
const label = (name: string) => sql`coalesce(a.metadata->'attributes'->'labels'->>${name}::text, '')`;

function matcherSql(m: Matcher): SQL {
  switch (m.op) {
    case '=':
      return sql`${label(m.name)} = ${m.value}::text`;
    case '!=':
      return sql`${label(m.name)} <> ${m.value}::text`;
    case '=~':
      return sql`${label(m.name)} ~ ('^(?:' || ${m.value}::text || ')$')`;
    case '!~':
      return sql`${label(m.name)} !~ ('^(?:' || ${m.value}::text || ')$')`;
  }
}

type Row = {
  id: number;
  metadata: { attributes?: { labels?: Record<string, string>; annotations?: Record<string, string>; generator_url?: string | null; am_fingerprint?: string; starts_at?: string | null } };
  first_fired_at: string;
  updated_at: string;
  expires_at: string | null;
  receiver: string | null;
  silenced: boolean;
  silence_id: number | null;
};

/** Alertmanager's `gettableAlerts`: open alerts from Prometheus, Alertmanager or Grafana that the viewer may see. */
export async function listPrometheusAlerts(db: Db, viewer: Viewer, q: ListQuery) {
  const receiverFilter = q.receiver === null ? sql`true` : sql`coalesce(r.rule_name, '') ~ ('^(?:' || ${q.receiver}::text || ')$')`;
  const state = q.active && q.silenced ? sql`true` : q.active ? sql`not h.held` : q.silenced ? sql`h.held` : sql`false`;
  let rows: Row[];
  try {
    rows = await db.execute<Row>(sql`
      select a.id, a.metadata, a.first_fired_at, a.updated_at, a.expires_at, r.rule_name as receiver,
             h.held as silenced, h.silence_id
        from alerts a
        left join alert_rules r on r.id = a.rule_id
        cross join lateral (select exists (select 1 from alert_holds x where x.alert_id = a.id) as held,
                                   (a.metadata->>'silenced_by')::bigint as silence_id) h
       where a.status <> 'resolved'
         and a.rule_id in (select id from alert_rules where "check" = 'event_match')
         and a.metadata->>'event_type' = ${PROMETHEUS_EVENT_TYPE}
         and ${visibleAlertSql(viewer)}
         ${q.matchers.length ? sql`and ${sql.join(q.matchers.map(matcherSql), sql` and `)}` : sql``}
         and ${receiverFilter} and ${state}
       order by a.id
       limit ${MAX_LISTED}`);
  } catch (err) {
    // a pattern JavaScript compiles but PostgreSQL's regular expressions do not
    if (invalidRegex(err)) throw new ApiError(400, 'Bad Request', 'bad matcher format: invalid regular expression');
    throw err;
  }
  return rows.map((r) => {
    const attrs = r.metadata.attributes ?? {};
    const iso = (t: string) => new Date(t).toISOString();
    return {
      labels: attrs.labels ?? {},
      annotations: attrs.annotations ?? {},
      startsAt: attrs.starts_at ?? iso(r.first_fired_at),
      endsAt: r.expires_at ? iso(r.expires_at) : '0001-01-01T00:00:00.000Z',
      updatedAt: iso(r.updated_at),
      generatorURL: attrs.generator_url ?? '',
      fingerprint: attrs.am_fingerprint ?? '',
      receivers: [{ name: r.receiver ?? 'ops-alerts' }],
      status: {
        state: r.silenced ? 'suppressed' : 'active',
        silencedBy: r.silenced && r.silence_id !== null ? [String(r.silence_id)] : [],
        inhibitedBy: [],
        mutedBy: [],
      },
    };
  });
}

const startedAt = new Date().toISOString();

/** Alertmanager's `alertmanagerStatus`: a single ready peer, our version, no configuration to show. */
export function alertmanagerStatus() {
  return {
    cluster: { name: 'ops-alerts', status: 'ready', peers: [] },
    versionInfo: { version: process.env.npm_package_version ?? '0.1.0', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: '' },
    config: { original: '' },
    uptime: startedAt,
  };
}
