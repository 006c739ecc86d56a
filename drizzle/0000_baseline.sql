-- The schema as the migrations 0000-0030 left it (db/legacy-migrations), in one file: what a new
-- database is made from. A database made by those migrations is brought up to 0030 by them and
-- then skips this file (same journal time as 0030; db/migrate.ts). db/baseline.int.test.ts checks
-- that both roads give the same schema. Made with pg_dump --schema-only of a database migrated by
-- 0000-0030, plus the one row those migrations wrote (rollup_horizon).
SET LOCAL check_function_bodies = false;

CREATE FUNCTION public.ops_active_delegate(user_id bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
  WITH RECURSIVE up(id, active, depth) AS (
    SELECT u.id, u.is_active, 0 FROM users u WHERE u.id = user_id
    UNION ALL
    SELECT m.id, m.is_active, up.depth + 1 FROM up JOIN users u ON u.id = up.id JOIN users m ON m.id = u.manager_id
     WHERE NOT up.active AND up.depth < 10
  )
  SELECT id FROM up WHERE active ORDER BY depth LIMIT 1
$$;

CREATE FUNCTION public.ops_active_silence(rule_id bigint, alert_type text, severity text, resource_type text, resource_id text) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
  SELECT ops_silence_at(now(), rule_id, alert_type, severity, resource_type, resource_id)
$$;

CREATE TABLE public.alerts (
    id bigint NOT NULL,
    fingerprint text NOT NULL,
    rule_id bigint,
    alert_type text NOT NULL,
    severity text NOT NULL,
    title text NOT NULL,
    message text DEFAULT ''::text NOT NULL,
    resource_type text,
    resource_id text,
    status text DEFAULT 'firing'::text NOT NULL,
    occurrences integer DEFAULT 1 NOT NULL,
    first_fired_at timestamp with time zone DEFAULT now() NOT NULL,
    last_fired_at timestamp with time zone DEFAULT now() NOT NULL,
    acknowledged_at timestamp with time zone,
    acknowledged_by bigint,
    resolved_at timestamp with time zone,
    resolved_by bigint,
    resolution_reason text,
    escalation_level integer DEFAULT 0 NOT NULL,
    next_escalation_at timestamp with time zone,
    expires_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    counted_status text,
    counted_acknowledged_at timestamp with time zone,
    counted_resolved_at timestamp with time zone,
    counted_rule_id bigint
);

CREATE FUNCTION public.ops_alert_durations(a public.alerts) RETURNS TABLE(at timestamp with time zone, measure text, seconds double precision)
    LANGUAGE sql STABLE
    AS $$
  SELECT a.created_at, v.measure, extract(epoch FROM v.done - a.created_at)::float8
    FROM (VALUES ('ack', a.acknowledged_at), ('resolve', a.resolved_at)) v(measure, done)
   WHERE v.done IS NOT NULL
$$;

CREATE FUNCTION public.ops_alert_hour_rows(a public.alerts) RETURNS TABLE(at timestamp with time zone, hour timestamp with time zone, severity text, alert_type text, rule_id bigint, rule_name text, opened integer, acknowledged integer, resolved integer, unattended integer, open integer, closed integer)
    LANGUAGE sql STABLE
    AS $$
  SELECT v.at, date_trunc('hour', v.at, 'UTC'), a.severity, a.alert_type, coalesce(a.rule_id, 0),
         CASE WHEN a.rule_id IS NULL THEN coalesce(a.metadata->>'rule_name', '') ELSE '' END,
         v.opened, v.opened * (a.acknowledged_at IS NOT NULL)::int, v.opened * (a.resolved_at IS NOT NULL)::int,
         v.opened * (a.resolved_at IS NOT NULL AND a.acknowledged_at IS NULL)::int, v.opened * (a.status <> 'resolved')::int, 1 - v.opened
    FROM (VALUES (a.created_at, 1), (CASE WHEN a.status = 'resolved' THEN a.resolved_at END, 0)) v(at, opened)
   WHERE v.at IS NOT NULL
$$;

CREATE FUNCTION public.ops_alerts_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  ids bigint[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  UPDATE alert_recipients r SET alert_resolved_at = n.resolved_at
    FROM new_rows n JOIN old_rows o USING (id)
   WHERE r.alert_id = n.id AND n.status = 'resolved' AND o.status <> 'resolved';
  ids := (SELECT array_agg(DISTINCT r.user_id) FROM new_rows n JOIN old_rows o USING (id)
            JOIN alert_recipients r ON r.alert_id = n.id
           WHERE n.status IS DISTINCT FROM o.status OR n.occurrences IS DISTINCT FROM o.occurrences
              OR n.escalation_level IS DISTINCT FROM o.escalation_level);
  PERFORM ops_notify_users('state', ids);
  PERFORM ops_notify_users('team', ops_team_watchers(ids));
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_complaint_changes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO complaint_changes (complaint_id, valid_from, status, priority, assignee_id, escalated_at,
                                   response_due_at, resolution_due_at, first_responded_at, resolved_at)
    SELECT id, created_at, status, priority, assignee_id, escalated_at, response_due_at, resolution_due_at, first_responded_at, resolved_at
      FROM new_rows ORDER BY id
    ON CONFLICT (complaint_id, valid_from) DO NOTHING;
    RETURN NULL;
  END IF;
  -- the current version of each is its latest (a backward walk of the primary key)
  WITH ch AS MATERIALIZED (
    SELECT n.id, n.status, n.priority, n.assignee_id, n.escalated_at, n.response_due_at, n.resolution_due_at,
           n.first_responded_at, n.resolved_at, cur.valid_from AS current_from,
           greatest(CASE WHEN n.updated_at IS DISTINCT FROM o.updated_at THEN n.updated_at ELSE now() END, cur.valid_from) AS at
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      LEFT JOIN LATERAL (SELECT h.valid_from FROM complaint_changes h WHERE h.complaint_id = n.id ORDER BY h.valid_from DESC LIMIT 1) cur ON true
     WHERE (n.status, n.priority, n.assignee_id, n.escalated_at, n.response_due_at, n.resolution_due_at, n.first_responded_at, n.resolved_at)
           IS DISTINCT FROM
           (o.status, o.priority, o.assignee_id, o.escalated_at, o.response_due_at, o.resolution_due_at, o.first_responded_at, o.resolved_at)
  ),
  closed AS (
    UPDATE complaint_changes h SET valid_to = ch.at
      FROM ch WHERE h.complaint_id = ch.id AND h.valid_from = ch.current_from AND ch.current_from < ch.at
  )
  INSERT INTO complaint_changes (complaint_id, valid_from, status, priority, assignee_id, escalated_at,
                                 response_due_at, resolution_due_at, first_responded_at, resolved_at)
  SELECT id, at, status, priority, assignee_id, escalated_at, response_due_at, resolution_due_at, first_responded_at, resolved_at
    FROM ch ORDER BY id
  ON CONFLICT (complaint_id, valid_from) DO UPDATE SET
    status = excluded.status, priority = excluded.priority, assignee_id = excluded.assignee_id, escalated_at = excluded.escalated_at,
    response_due_at = excluded.response_due_at, resolution_due_at = excluded.resolution_due_at,
    first_responded_at = excluded.first_responded_at, resolved_at = excluded.resolved_at;
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_complaint_due_delta(rows_table text, sign integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
  SELECT format($q$
    SELECT date_trunc('hour', c.resolution_due_at, 'UTC') AS hour, %2$s * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS met,
           %2$s * coalesce(c.resolved_at > c.resolution_due_at, false)::int AS late, %2$s * (c.resolved_at IS NULL)::int AS open
      FROM %1$I c WHERE c.resolution_due_at IS NOT NULL$q$, rows_table, sign)
$_$;

CREATE FUNCTION public.ops_complaint_due_hours() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
DECLARE
  delta text := CASE TG_OP
    WHEN 'INSERT' THEN ops_complaint_due_delta('new_rows', 1)
    WHEN 'DELETE' THEN ops_complaint_due_delta('old_rows', -1)
    ELSE ops_complaint_due_delta('new_rows', 1) || ' UNION ALL ' || ops_complaint_due_delta('old_rows', -1) END;
BEGIN
  EXECUTE format($q$
    INSERT INTO complaint_due_hours AS b (hour, shard, met, late, open)
    SELECT hour, pg_backend_pid() %% 8, sum(met), sum(late), sum(open) FROM (%s) d
     GROUP BY hour HAVING sum(met) <> 0 OR sum(late) <> 0 OR sum(open) <> 0 ORDER BY hour
    ON CONFLICT (hour, shard) DO UPDATE SET met = b.met + excluded.met, late = b.late + excluded.late, open = b.open + excluded.open$q$, delta);
  RETURN NULL;
END;
$_$;

CREATE FUNCTION public.ops_complaints_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  ids bigint[];
BEGIN
  ids := (SELECT array_agg(DISTINCT p) FROM new_rows n JOIN old_rows o USING (id)
            CROSS JOIN LATERAL (VALUES (o.assignee_id), (n.assignee_id)) v(p)
           WHERE n.assignee_id IS DISTINCT FROM o.assignee_id AND p IS NOT NULL);
  IF ids IS NOT NULL THEN
    PERFORM ops_notify_users('team', ids || ops_team_watchers(ids));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TABLE public.deliveries (
    id bigint NOT NULL,
    alert_id bigint,
    user_id bigint,
    channel text NOT NULL,
    target text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    last_error text,
    idempotency_key text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    event_id bigint,
    kind text DEFAULT 'fired'::text NOT NULL,
    digest_id bigint,
    counted_status text,
    counted_sent_at timestamp with time zone,
    CONSTRAINT deliveries_subject_check CHECK (((alert_id IS NOT NULL) OR (digest_id IS NOT NULL)))
);

CREATE FUNCTION public.ops_delivery_rows(d public.deliveries, opened_at timestamp with time zone) RETURNS TABLE(at timestamp with time zone, channel text, status text, seconds double precision)
    LANGUAGE sql STABLE
    AS $$
  SELECT opened_at, d.channel, d.status,
         CASE WHEN d.status = 'sent' AND d.kind = 'fired' AND d.sent_at IS NOT NULL THEN extract(epoch FROM d.sent_at - opened_at)::float8 END
$$;

CREATE FUNCTION public.ops_duration_bin(seconds double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  SELECT CASE WHEN seconds < 1 THEN 0 ELSE 1 + floor(ln(seconds) / ln(1.02))::int END::smallint
$$;

CREATE FUNCTION public.ops_metric_minutes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE touched jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO metric_minutes AS b (metric, minute, labels, shard, count, sum, min, max, last_value, last_at)
    SELECT metric, date_trunc('minute', recorded_at, 'UTC'), labels, pg_backend_pid() % 16, count(*), sum(value), min(value), max(value),
           (array_agg(value ORDER BY recorded_at DESC))[1], max(recorded_at)
      FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (metric, minute, labels, shard) DO UPDATE SET
      count = b.count + excluded.count, sum = b.sum + excluded.sum,
      min = least(b.min, excluded.min), max = greatest(b.max, excluded.max),
      last_value = CASE WHEN excluded.last_at >= b.last_at THEN excluded.last_value ELSE b.last_value END,
      last_at = greatest(b.last_at, excluded.last_at);
  ELSE
    -- min, max and last cannot be taken back: the buckets a change touches are rebuilt from the samples
    -- (ingestion only ever appends samples; this is for repairs and tests)
    touched := (SELECT jsonb_agg(DISTINCT jsonb_build_object('metric', metric, 'minute', date_trunc('minute', recorded_at, 'UTC'), 'labels', labels)) FROM old_rows);
    IF TG_OP = 'UPDATE' THEN
      touched := touched || (SELECT jsonb_agg(DISTINCT jsonb_build_object('metric', metric, 'minute', date_trunc('minute', recorded_at, 'UTC'), 'labels', labels)) FROM new_rows);
    END IF;
    DELETE FROM metric_minutes b USING jsonb_to_recordset(touched) AS t(metric text, minute timestamptz, labels jsonb)
     WHERE b.metric = t.metric AND b.minute = t.minute AND b.labels = t.labels;
    INSERT INTO metric_minutes (metric, minute, labels, shard, count, sum, min, max, last_value, last_at)
    SELECT s.metric, t.minute, s.labels, 0, count(*), sum(s.value), min(s.value), max(s.value),
           (array_agg(s.value ORDER BY s.recorded_at DESC))[1], max(s.recorded_at)
      FROM (SELECT DISTINCT * FROM jsonb_to_recordset(touched) AS x(metric text, minute timestamptz, labels jsonb)) t
      JOIN metric_samples s ON s.metric = t.metric AND s.labels = t.labels
       AND s.recorded_at >= t.minute AND s.recorded_at < t.minute + interval '1 minute'
     GROUP BY s.metric, t.minute, s.labels;
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_notify(channel text, payload text) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
  pending jsonb;
  item jsonb := jsonb_build_array(jsonb_build_array(channel, payload));
BEGIN
  IF current_setting('ops.defer_notify', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_notify(channel, payload);
    RETURN;
  END IF;
  pending := coalesce(nullif(current_setting('ops.pending_notify', true), ''), '[]')::jsonb;
  IF NOT pending @> item THEN
    PERFORM set_config('ops.pending_notify', (pending || item)::text, true);
  END IF;
END;
$$;

CREATE FUNCTION public.ops_notify_users(kind text, user_ids bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
  chunk bigint[];
BEGIN
  IF coalesce(cardinality(user_ids), 0) = 0 THEN
    RETURN;
  END IF;
  FOR chunk IN
    SELECT array_agg(u ORDER BY u) FROM (
      SELECT u, (row_number() OVER (ORDER BY u) - 1) / 500 AS part FROM unnest(user_ids) AS t(u) GROUP BY u
    ) s GROUP BY part
  LOOP
    PERFORM ops_notify('ops_alerts', json_build_object('k', kind, 'u', chunk)::text);
  END LOOP;
END;
$$;

CREATE FUNCTION public.ops_payment_minutes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO payment_minutes AS b (provider, minute, shard, total, failed)
    SELECT provider, date_trunc('minute', created_at, 'UTC'), pg_backend_pid() % 16, count(*), count(*) FILTER (WHERE status = 'failed')
      FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (provider, minute, shard) DO UPDATE SET total = b.total + excluded.total, failed = b.failed + excluded.failed;
  ELSIF TG_OP = 'UPDATE' THEN
    -- a payment that changes status (or time, or provider) moves its counts: add the new row, take the old one away
    INSERT INTO payment_minutes AS b (provider, minute, shard, total, failed)
    SELECT provider, minute, pg_backend_pid() % 16, sum(dt), sum(df)
      FROM (SELECT provider, date_trunc('minute', created_at, 'UTC') AS minute, 1 AS dt, (status = 'failed')::int AS df FROM new_rows
            UNION ALL
            SELECT provider, date_trunc('minute', created_at, 'UTC'), -1, -(status = 'failed')::int FROM old_rows) d
     GROUP BY 1, 2 HAVING sum(dt) <> 0 OR sum(df) <> 0 ORDER BY 1, 2
    ON CONFLICT (provider, minute, shard) DO UPDATE SET total = b.total + excluded.total, failed = b.failed + excluded.failed;
  ELSE
    INSERT INTO payment_minutes AS b (provider, minute, shard, total, failed)
    SELECT provider, date_trunc('minute', created_at, 'UTC'), pg_backend_pid() % 16, -count(*), -count(*) FILTER (WHERE status = 'failed')
      FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (provider, minute, shard) DO UPDATE SET total = b.total + excluded.total, failed = b.failed + excluded.failed;
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_rebuild_complaint_due_hours() RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  LOCK TABLE complaints IN SHARE MODE;
  TRUNCATE complaint_due_hours;
  INSERT INTO complaint_due_hours (hour, shard, met, late, open)
  SELECT date_trunc('hour', resolution_due_at, 'UTC'), 0, count(*) FILTER (WHERE resolved_at <= resolution_due_at),
         count(*) FILTER (WHERE resolved_at > resolution_due_at), count(*) FILTER (WHERE resolved_at IS NULL)
    FROM complaints WHERE resolution_due_at IS NOT NULL GROUP BY 1;
END;
$$;

CREATE FUNCTION public.ops_recipients_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  PERFORM ops_notify_users('inbox', (
    SELECT array_agg(DISTINCT n.user_id) FROM new_rows n JOIN old_rows o USING (alert_id, user_id)
     WHERE n.read_at IS DISTINCT FROM o.read_at OR n.dismissed_at IS DISTINCT FROM o.dismissed_at
        OR n.snoozed_until IS DISTINCT FROM o.snoozed_until));
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_render(tpl text, ctx jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
DECLARE
  pattern constant text := '\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}';
  parts text[];
  paths text[];
  result text;
BEGIN
  IF tpl IS NULL THEN RETURN ''; END IF;
  parts := regexp_split_to_array(tpl, pattern);
  SELECT coalesce(array_agg(m[1] ORDER BY ord), '{}') INTO paths
    FROM regexp_matches(tpl, pattern, 'g') WITH ORDINALITY AS t(m, ord);
  result := parts[1];
  FOR i IN 1 .. coalesce(array_length(paths, 1), 0) LOOP
    result := result || coalesce(ctx #>> string_to_array(paths[i], '.'), '') || parts[i + 1];
  END LOOP;
  RETURN result;
END;
$$;

CREATE FUNCTION public.ops_sessions_revoked() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM ops_notify_users('revoked', (SELECT array_agg(DISTINCT n.user_id) FROM new_rows n));
  RETURN NULL;
END;
$$;

CREATE FUNCTION public.ops_silence_at(at timestamp with time zone, rule_id bigint, alert_type text, severity text, resource_type text, resource_id text) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
  SELECT s.id FROM silences s
   WHERE s.starts_at <= at AND s.ends_at > at
     AND coalesce(s.matchers->>'rule_id', coalesce(rule_id::text, 'null')) = coalesce(rule_id::text, 'null')
     AND coalesce(s.matchers->>'alert_type', alert_type) = alert_type
     AND coalesce(s.matchers->>'severity', severity) = severity
     AND (s.matchers->>'resource_type' IS NULL OR s.matchers->>'resource_type' = resource_type)
     AND (s.matchers->>'resource_id' IS NULL OR s.matchers->>'resource_id' = resource_id)
   ORDER BY s.id LIMIT 1
$$;

CREATE FUNCTION public.ops_team_watchers(user_ids bigint[]) RETURNS bigint[]
    LANGUAGE sql STABLE
    AS $$
  WITH RECURSIVE up(id, depth) AS (
    SELECT u.manager_id, 1 FROM users u WHERE u.id = ANY(user_ids) AND u.manager_id IS NOT NULL
    UNION
    SELECT u.manager_id, up.depth + 1 FROM up JOIN users u ON u.id = up.id
     WHERE u.manager_id IS NOT NULL AND up.depth < 10
  )
  SELECT array_agg(DISTINCT w) FROM (
    SELECT up.id AS w FROM up JOIN users m ON m.id = up.id AND m.is_active
    UNION
    SELECT id FROM users WHERE role = 'admin' AND is_active AND coalesce(cardinality(user_ids), 0) > 0
  ) s
$$;

CREATE FUNCTION public.ops_users_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM ops_notify_users('revoked', (
    SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o USING (id)
     WHERE (o.is_active AND NOT n.is_active) OR n.session_version IS DISTINCT FROM o.session_version));
  RETURN NULL;
END;
$$;

CREATE TABLE public.alert_delivery_hours (
    hour timestamp with time zone NOT NULL,
    shard smallint NOT NULL,
    channel text NOT NULL,
    status text NOT NULL,
    n integer NOT NULL
);

CREATE TABLE public.alert_durations (
    span text NOT NULL,
    start timestamp with time zone NOT NULL,
    measure text NOT NULL,
    bin smallint NOT NULL,
    n integer NOT NULL,
    ms bigint NOT NULL
);

CREATE TABLE public.alert_events (
    id bigint NOT NULL,
    alert_id bigint NOT NULL,
    kind text NOT NULL,
    actor_id bigint,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.alert_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alert_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.alert_holds (
    alert_id bigint NOT NULL,
    silence_id bigint NOT NULL,
    recipients jsonb DEFAULT '[]'::jsonb NOT NULL,
    grouped boolean DEFAULT false NOT NULL,
    escalate_after_minutes integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.alert_hours (
    hour timestamp with time zone NOT NULL,
    shard smallint NOT NULL,
    severity text NOT NULL,
    alert_type text NOT NULL,
    rule_id bigint NOT NULL,
    rule_name text NOT NULL,
    opened integer NOT NULL,
    acknowledged integer NOT NULL,
    resolved integer NOT NULL,
    unattended integer NOT NULL,
    open integer NOT NULL,
    closed integer NOT NULL
);

CREATE TABLE public.alert_person_days (
    day timestamp with time zone NOT NULL,
    user_id bigint NOT NULL,
    shard smallint NOT NULL,
    alerts integer NOT NULL,
    acknowledged integer NOT NULL
);

CREATE TABLE public.alert_recipients (
    alert_id bigint NOT NULL,
    user_id bigint NOT NULL,
    reason text NOT NULL,
    severity text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    seen_at timestamp with time zone,
    read_at timestamp with time zone,
    dismissed_at timestamp with time zone,
    snoozed_until timestamp with time zone,
    xact_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
    alert_resolved_at timestamp with time zone
);

CREATE TABLE public.alert_rules (
    id bigint NOT NULL,
    rule_name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    rule_type text NOT NULL,
    "check" text NOT NULL,
    is_enabled boolean DEFAULT true NOT NULL,
    conditions jsonb DEFAULT '{}'::jsonb NOT NULL,
    alert_config jsonb DEFAULT '{}'::jsonb NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.alert_rules ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alert_rules_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.alert_subscriptions (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    alert_type text NOT NULL,
    is_enabled boolean DEFAULT true NOT NULL,
    delivery_channels text[] DEFAULT '{in_app}'::text[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.alert_subscriptions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alert_subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.alerts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alerts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.api_tokens (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    name text NOT NULL,
    token_hash text NOT NULL,
    token_prefix text NOT NULL,
    scopes text[] DEFAULT '{}'::text[] NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.api_tokens ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    actor_id bigint,
    actor_type text NOT NULL,
    action text NOT NULL,
    target_type text,
    target_id text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.auth_failures (
    key text NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    window_started_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.complaint_changes (
    complaint_id bigint NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_to timestamp with time zone DEFAULT 'infinity'::timestamp with time zone NOT NULL,
    status text NOT NULL,
    priority text NOT NULL,
    assignee_id bigint,
    escalated_at timestamp with time zone,
    response_due_at timestamp with time zone,
    resolution_due_at timestamp with time zone,
    first_responded_at timestamp with time zone,
    resolved_at timestamp with time zone
);

CREATE TABLE public.complaint_due_hours (
    hour timestamp with time zone NOT NULL,
    shard smallint NOT NULL,
    met integer NOT NULL,
    late integer NOT NULL,
    open integer NOT NULL
);

CREATE TABLE public.complaints (
    id bigint NOT NULL,
    reference text NOT NULL,
    title text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    customer_name text DEFAULT ''::text NOT NULL,
    priority text DEFAULT 'medium'::text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    assignee_id bigint,
    escalated_at timestamp with time zone,
    response_due_at timestamp with time zone,
    resolution_due_at timestamp with time zone,
    first_responded_at timestamp with time zone,
    resolved_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.complaints ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.complaints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.cron_runs (
    id bigint NOT NULL,
    job text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    counts jsonb DEFAULT '{}'::jsonb NOT NULL,
    error text
);

ALTER TABLE public.cron_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.cron_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.deliveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.digests (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    frequency text NOT NULL,
    period_start timestamp with time zone NOT NULL,
    alert_count integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.digests ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.digests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.invites (
    id bigint NOT NULL,
    kind text DEFAULT 'invite'::text NOT NULL,
    user_id bigint,
    token_hash text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.invites ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.invites_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.metric_minutes (
    metric text NOT NULL,
    minute timestamp with time zone NOT NULL,
    labels jsonb NOT NULL,
    shard integer NOT NULL,
    count integer NOT NULL,
    sum double precision NOT NULL,
    min double precision NOT NULL,
    max double precision NOT NULL,
    last_value double precision NOT NULL,
    last_at timestamp with time zone NOT NULL
);

CREATE TABLE public.metric_samples (
    id bigint NOT NULL,
    metric text NOT NULL,
    value double precision NOT NULL,
    labels jsonb DEFAULT '{}'::jsonb NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.metric_samples ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.metric_samples_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.notification_preferences (
    user_id bigint NOT NULL,
    email_enabled boolean DEFAULT true NOT NULL,
    slack_enabled boolean DEFAULT true NOT NULL,
    min_email_severity text DEFAULT 'warning'::text NOT NULL,
    quiet_hours_start text,
    quiet_hours_end text,
    browser_notifications boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    digest_frequency text DEFAULT 'off'::text NOT NULL,
    digest_hour integer DEFAULT 8 NOT NULL,
    digest_since timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT notification_preferences_digest_frequency_check CHECK ((digest_frequency = ANY (ARRAY['off'::text, 'hourly'::text, 'daily'::text]))),
    CONSTRAINT notification_preferences_digest_hour_check CHECK (((digest_hour >= 0) AND (digest_hour <= 23)))
);

CREATE TABLE public.payment_minutes (
    provider text NOT NULL,
    minute timestamp with time zone NOT NULL,
    shard integer NOT NULL,
    total integer NOT NULL,
    failed integer NOT NULL
);

CREATE TABLE public.payments (
    id bigint NOT NULL,
    external_id text NOT NULL,
    customer_name text DEFAULT ''::text NOT NULL,
    amount_cents bigint NOT NULL,
    currency text DEFAULT 'USD'::text NOT NULL,
    provider text NOT NULL,
    status text NOT NULL,
    failure_code text,
    failure_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.payments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.revoked_sessions (
    sid text NOT NULL,
    user_id bigint NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.rollup_horizon (
    id smallint DEFAULT 1 NOT NULL,
    inbox_xid xid8 NOT NULL,
    CONSTRAINT rollup_horizon_one_row CHECK ((id = 1))
);

CREATE TABLE public.rule_states (
    rule_id bigint NOT NULL,
    key text NOT NULL,
    pending_since timestamp with time zone DEFAULT now() NOT NULL,
    last_value double precision,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.silences (
    id bigint NOT NULL,
    matchers jsonb NOT NULL,
    starts_at timestamp with time zone DEFAULT now() NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    comment text DEFAULT ''::text NOT NULL,
    created_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.silences ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.silences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    role text DEFAULT 'staff'::text NOT NULL,
    manager_id bigint,
    password_hash text,
    is_active boolean DEFAULT true NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    session_version integer DEFAULT 0 NOT NULL
);

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.alert_delivery_hours
    ADD CONSTRAINT alert_delivery_hours_pk PRIMARY KEY (hour, shard, channel, status);

ALTER TABLE ONLY public.alert_durations
    ADD CONSTRAINT alert_durations_pk PRIMARY KEY (span, start, measure, bin);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert_holds
    ADD CONSTRAINT alert_holds_pkey PRIMARY KEY (alert_id);

ALTER TABLE ONLY public.alert_hours
    ADD CONSTRAINT alert_hours_pk PRIMARY KEY (hour, shard, severity, alert_type, rule_id, rule_name);

ALTER TABLE ONLY public.alert_person_days
    ADD CONSTRAINT alert_person_days_pk PRIMARY KEY (day, user_id, shard);

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_user_id_alert_id_pk PRIMARY KEY (user_id, alert_id);

ALTER TABLE ONLY public.alert_rules
    ADD CONSTRAINT alert_rules_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert_subscriptions
    ADD CONSTRAINT alert_subscriptions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.auth_failures
    ADD CONSTRAINT auth_failures_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.complaint_changes
    ADD CONSTRAINT complaint_changes_pk PRIMARY KEY (complaint_id, valid_from);

ALTER TABLE ONLY public.complaint_due_hours
    ADD CONSTRAINT complaint_due_hours_pk PRIMARY KEY (hour, shard);

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT complaints_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cron_runs
    ADD CONSTRAINT cron_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.digests
    ADD CONSTRAINT digests_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invites
    ADD CONSTRAINT invites_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.metric_minutes
    ADD CONSTRAINT metric_minutes_metric_minute_labels_shard_pk PRIMARY KEY (metric, minute, labels, shard);

ALTER TABLE ONLY public.metric_samples
    ADD CONSTRAINT metric_samples_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.notification_preferences
    ADD CONSTRAINT notification_preferences_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY public.payment_minutes
    ADD CONSTRAINT payment_minutes_provider_minute_shard_pk PRIMARY KEY (provider, minute, shard);

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.revoked_sessions
    ADD CONSTRAINT revoked_sessions_pkey PRIMARY KEY (sid);

ALTER TABLE ONLY public.rollup_horizon
    ADD CONSTRAINT rollup_horizon_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.rule_states
    ADD CONSTRAINT rule_states_rule_id_key_pk PRIMARY KEY (rule_id, key);

ALTER TABLE ONLY public.silences
    ADD CONSTRAINT silences_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

CREATE INDEX alert_events_alert_idx ON public.alert_events USING btree (alert_id, created_at);

CREATE INDEX alert_holds_silence_idx ON public.alert_holds USING btree (silence_id);

CREATE INDEX alert_hours_open_idx ON public.alert_hours USING btree (severity) WHERE (open <> 0);

CREATE INDEX alert_recipients_alert_idx ON public.alert_recipients USING btree (alert_id);

CREATE INDEX alert_recipients_inbox_idx ON public.alert_recipients USING btree (user_id, created_at DESC NULLS LAST, alert_id DESC NULLS LAST);

CREATE INDEX alert_recipients_open_user_idx ON public.alert_recipients USING btree (user_id, alert_id) WHERE (alert_resolved_at IS NULL);

CREATE INDEX alert_recipients_resolved_user_idx ON public.alert_recipients USING btree (user_id, alert_resolved_at) WHERE (alert_resolved_at IS NOT NULL);

CREATE INDEX alert_recipients_snoozed_idx ON public.alert_recipients USING btree (snoozed_until) WHERE (snoozed_until IS NOT NULL);

CREATE INDEX alert_recipients_unread_idx ON public.alert_recipients USING btree (user_id, severity) WHERE ((read_at IS NULL) AND (dismissed_at IS NULL) AND (alert_resolved_at IS NULL));

CREATE INDEX alert_recipients_xact_idx ON public.alert_recipients USING btree (xact_id);

CREATE INDEX alert_rules_check_idx ON public.alert_rules USING btree ("check") WHERE is_enabled;

CREATE UNIQUE INDEX alert_rules_name_key ON public.alert_rules USING btree (rule_name);

CREATE UNIQUE INDEX alert_subscriptions_user_type_key ON public.alert_subscriptions USING btree (user_id, alert_type);

CREATE INDEX alerts_created_idx ON public.alerts USING btree (created_at DESC NULLS LAST, id DESC NULLS LAST);

CREATE INDEX alerts_escalation_due_idx ON public.alerts USING btree (next_escalation_at) WHERE (status = 'firing'::text);

CREATE INDEX alerts_expires_idx ON public.alerts USING btree (expires_at) WHERE ((status <> 'resolved'::text) AND (expires_at IS NOT NULL));

CREATE UNIQUE INDEX alerts_open_fingerprint_key ON public.alerts USING btree (fingerprint) WHERE (status <> 'resolved'::text);

CREATE INDEX alerts_resolved_at_idx ON public.alerts USING btree (resolved_at) WHERE (status = 'resolved'::text);

CREATE INDEX alerts_resource_idx ON public.alerts USING btree (resource_type, resource_id);

CREATE INDEX alerts_rollup_pending_idx ON public.alerts USING btree (id) WHERE ((counted_status IS DISTINCT FROM status) OR (counted_acknowledged_at IS DISTINCT FROM acknowledged_at) OR (counted_resolved_at IS DISTINCT FROM resolved_at) OR (counted_rule_id IS DISTINCT FROM rule_id));

CREATE INDEX alerts_rule_created_idx ON public.alerts USING btree (rule_id, created_at);

CREATE INDEX alerts_rule_open_idx ON public.alerts USING btree (rule_id) WHERE (status <> 'resolved'::text);

CREATE INDEX alerts_silenced_by_idx ON public.alerts USING btree (((metadata ->> 'silenced_by'::text))) WHERE (metadata ? 'silenced_by'::text);

CREATE UNIQUE INDEX api_tokens_hash_key ON public.api_tokens USING btree (token_hash);

CREATE INDEX api_tokens_user_idx ON public.api_tokens USING btree (user_id);

CREATE INDEX audit_log_action_idx ON public.audit_log USING btree (action, id DESC NULLS LAST);

CREATE INDEX audit_log_created_idx ON public.audit_log USING btree (created_at DESC NULLS LAST);

CREATE INDEX audit_log_target_idx ON public.audit_log USING btree (target_type, target_id);

CREATE INDEX complaint_changes_ended_idx ON public.complaint_changes USING btree (valid_to) WHERE (valid_to <> 'infinity'::timestamp with time zone);

CREATE INDEX complaints_assignee_due_idx ON public.complaints USING btree (assignee_id, resolution_due_at) INCLUDE (resolved_at);

CREATE INDEX complaints_escalated_idx ON public.complaints USING btree (escalated_at) WHERE (status = 'escalated'::text);

CREATE INDEX complaints_open_assignee_idx ON public.complaints USING btree (assignee_id) WHERE (status = ANY (ARRAY['open'::text, 'in_progress'::text, 'escalated'::text]));

CREATE INDEX complaints_open_critical_idx ON public.complaints USING btree (created_at) WHERE ((priority = 'critical'::text) AND (status = ANY (ARRAY['open'::text, 'in_progress'::text, 'escalated'::text])));

CREATE UNIQUE INDEX complaints_reference_key ON public.complaints USING btree (reference);

CREATE INDEX complaints_resolution_due_all_idx ON public.complaints USING btree (resolution_due_at) INCLUDE (resolved_at, assignee_id);

CREATE INDEX complaints_resolution_due_idx ON public.complaints USING btree (resolution_due_at) WHERE ((resolved_at IS NULL) AND (status = ANY (ARRAY['open'::text, 'in_progress'::text, 'escalated'::text])));

CREATE INDEX complaints_response_due_idx ON public.complaints USING btree (response_due_at) WHERE ((first_responded_at IS NULL) AND (status = ANY (ARRAY['open'::text, 'in_progress'::text, 'escalated'::text])));

CREATE INDEX complaints_waiting_priority_idx ON public.complaints USING btree (priority) WHERE ((first_responded_at IS NULL) AND (status = ANY (ARRAY['open'::text, 'in_progress'::text, 'escalated'::text])));

CREATE INDEX cron_runs_job_started_idx ON public.cron_runs USING btree (job, started_at DESC NULLS LAST);

CREATE INDEX cron_runs_started_idx ON public.cron_runs USING btree (started_at);

CREATE INDEX deliveries_alert_idx ON public.deliveries USING btree (alert_id);

CREATE INDEX deliveries_digest_idx ON public.deliveries USING btree (digest_id) WHERE (digest_id IS NOT NULL);

CREATE INDEX deliveries_due_idx ON public.deliveries USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'failed'::text, 'sending'::text]));

CREATE INDEX deliveries_event_idx ON public.deliveries USING btree (event_id);

CREATE UNIQUE INDEX deliveries_idempotency_key ON public.deliveries USING btree (idempotency_key);

CREATE INDEX deliveries_rollup_pending_idx ON public.deliveries USING btree (id) WHERE ((alert_id IS NOT NULL) AND ((counted_status IS DISTINCT FROM status) OR (counted_sent_at IS DISTINCT FROM sent_at)));

CREATE INDEX deliveries_status_idx ON public.deliveries USING btree (status, id DESC NULLS LAST);

CREATE INDEX digests_created_idx ON public.digests USING btree (created_at);

CREATE UNIQUE INDEX digests_user_period_key ON public.digests USING btree (user_id, period_start);

CREATE UNIQUE INDEX invites_token_hash_key ON public.invites USING btree (token_hash);

CREATE INDEX invites_user_idx ON public.invites USING btree (user_id);

CREATE INDEX metric_minutes_minute_idx ON public.metric_minutes USING btree (minute);

CREATE INDEX metric_samples_metric_time_idx ON public.metric_samples USING btree (metric, recorded_at DESC NULLS LAST);

CREATE INDEX notification_preferences_digest_idx ON public.notification_preferences USING btree (user_id) WHERE (digest_frequency <> 'off'::text);

CREATE INDEX payment_minutes_minute_idx ON public.payment_minutes USING btree (minute);

CREATE INDEX payments_created_idx ON public.payments USING btree (created_at);

CREATE UNIQUE INDEX payments_external_id_key ON public.payments USING btree (external_id);

CREATE INDEX payments_failed_idx ON public.payments USING btree (provider, created_at) WHERE (status = 'failed'::text);

CREATE INDEX revoked_sessions_expires_idx ON public.revoked_sessions USING btree (expires_at);

CREATE INDEX silences_active_idx ON public.silences USING btree (ends_at, starts_at);

CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email));

CREATE INDEX users_manager_idx ON public.users USING btree (manager_id);

CREATE INDEX users_role_idx ON public.users USING btree (role) WHERE is_active;

CREATE TRIGGER alert_recipients_notify_update AFTER UPDATE ON public.alert_recipients REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_recipients_updated();

CREATE TRIGGER alerts_notify_update AFTER UPDATE ON public.alerts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_alerts_updated();

CREATE TRIGGER complaints_changes_insert AFTER INSERT ON public.complaints REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaint_changes();

CREATE TRIGGER complaints_changes_update AFTER UPDATE ON public.complaints REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaint_changes();

CREATE TRIGGER complaints_due_hours_delete AFTER DELETE ON public.complaints REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaint_due_hours();

CREATE TRIGGER complaints_due_hours_insert AFTER INSERT ON public.complaints REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaint_due_hours();

CREATE TRIGGER complaints_due_hours_update AFTER UPDATE ON public.complaints REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaint_due_hours();

CREATE TRIGGER complaints_notify_owner AFTER UPDATE ON public.complaints REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_complaints_updated();

CREATE TRIGGER metric_samples_minutes_delete AFTER DELETE ON public.metric_samples REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_metric_minutes();

CREATE TRIGGER metric_samples_minutes_insert AFTER INSERT ON public.metric_samples REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_metric_minutes();

CREATE TRIGGER metric_samples_minutes_update AFTER UPDATE ON public.metric_samples REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_metric_minutes();

CREATE TRIGGER payments_minutes_delete AFTER DELETE ON public.payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_payment_minutes();

CREATE TRIGGER payments_minutes_insert AFTER INSERT ON public.payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_payment_minutes();

CREATE TRIGGER payments_minutes_update AFTER UPDATE ON public.payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_payment_minutes();

CREATE TRIGGER revoked_sessions_notify AFTER INSERT ON public.revoked_sessions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_sessions_revoked();

CREATE TRIGGER users_notify_update AFTER UPDATE ON public.users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.ops_users_updated();

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_actor_id_users_id_fk FOREIGN KEY (actor_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_alert_id_alerts_id_fk FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alert_holds
    ADD CONSTRAINT alert_holds_alert_id_alerts_id_fk FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alert_holds
    ADD CONSTRAINT alert_holds_silence_id_silences_id_fk FOREIGN KEY (silence_id) REFERENCES public.silences(id);

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_alert_id_alerts_id_fk FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alert_rules
    ADD CONSTRAINT alert_rules_created_by_users_id_fk FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.alert_subscriptions
    ADD CONSTRAINT alert_subscriptions_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_acknowledged_by_users_id_fk FOREIGN KEY (acknowledged_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_resolved_by_users_id_fk FOREIGN KEY (resolved_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_rule_id_alert_rules_id_fk FOREIGN KEY (rule_id) REFERENCES public.alert_rules(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_actor_id_users_id_fk FOREIGN KEY (actor_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.complaint_changes
    ADD CONSTRAINT complaint_changes_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES public.complaints(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT complaints_assignee_id_users_id_fk FOREIGN KEY (assignee_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_alert_id_alerts_id_fk FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_digest_id_digests_id_fk FOREIGN KEY (digest_id) REFERENCES public.digests(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_event_id_alert_events_id_fk FOREIGN KEY (event_id) REFERENCES public.alert_events(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.digests
    ADD CONSTRAINT digests_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invites
    ADD CONSTRAINT invites_created_by_users_id_fk FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invites
    ADD CONSTRAINT invites_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notification_preferences
    ADD CONSTRAINT notification_preferences_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.rule_states
    ADD CONSTRAINT rule_states_rule_id_alert_rules_id_fk FOREIGN KEY (rule_id) REFERENCES public.alert_rules(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.silences
    ADD CONSTRAINT silences_created_by_users_id_fk FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_manager_id_users_id_fk FOREIGN KEY (manager_id) REFERENCES public.users(id) ON DELETE SET NULL;

INSERT INTO public.rollup_horizon (id, inbox_xid) VALUES (1, pg_snapshot_xmax(pg_current_snapshot()));
