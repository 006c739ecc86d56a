-- Hand-written: rollups for the analytics API (lib/analytics), kept in step with every write to alerts,
-- alert_recipients and deliveries by statement triggers over transition tables (drizzle cannot emit
-- triggers or set-returning functions). The API sums whole hours and days from these tables and only
-- reads raw rows for the part of an hour (or day) at the edges of a window.
--
-- What a row contributes is one function per table (ops_alert_hour_rows, ops_alert_durations,
-- ops_delivery_rows), used by the triggers, the backfill and the API's edges alike, so they cannot
-- drift apart. An update takes the old row's contribution away and adds the new one's; a delete takes
-- it away (retention decrements: the rollups always equal the raw aggregates of the rows kept).
-- The ops_add_*_rollups helpers return the statements; the trigger functions EXECUTE them themselves
-- (a transition table is visible in its trigger function only, not in a function it calls).
-- Writers add into their own shard (backend pid mod 8) so concurrent firings do not queue on the
-- current hour's row; each statement upserts its rows in key order, so two writers never deadlock on them.
CREATE TABLE "alert_hours" (
	"hour" timestamp with time zone NOT NULL,
	"shard" smallint NOT NULL,
	"severity" text NOT NULL,
	"alert_type" text NOT NULL,
	"rule_id" bigint NOT NULL,
	"rule_name" text NOT NULL,
	"opened" integer NOT NULL,
	"acknowledged" integer NOT NULL,
	"resolved" integer NOT NULL,
	"unattended" integer NOT NULL,
	"open" integer NOT NULL,
	"closed" integer NOT NULL,
	CONSTRAINT "alert_hours_pk" PRIMARY KEY("hour","shard","severity","alert_type","rule_id","rule_name")
);
--> statement-breakpoint
CREATE INDEX "alert_hours_open_idx" ON "alert_hours" USING btree ("severity") WHERE "open" <> 0;--> statement-breakpoint
CREATE TABLE "alert_durations" (
	"span" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"measure" text NOT NULL,
	"bin" smallint NOT NULL,
	"n" integer NOT NULL,
	"ms" bigint NOT NULL,
	CONSTRAINT "alert_durations_pk" PRIMARY KEY("span","start","measure","bin")
);
--> statement-breakpoint
CREATE TABLE "alert_delivery_hours" (
	"hour" timestamp with time zone NOT NULL,
	"shard" smallint NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "alert_delivery_hours_pk" PRIMARY KEY("hour","shard","channel","status")
);
--> statement-breakpoint
CREATE TABLE "alert_person_days" (
	"day" timestamp with time zone NOT NULL,
	"user_id" bigint NOT NULL,
	"shard" smallint NOT NULL,
	"alerts" integer NOT NULL,
	"acknowledged" integer NOT NULL,
	CONSTRAINT "alert_person_days_pk" PRIMARY KEY("day","user_id","shard")
);
--> statement-breakpoint
-- complaints due in a window, open or closed (complaints_resolution_due_idx holds open ones only)
-- a team's alerts resolved since a window began, by person (only resolution writes it, never a firing)
CREATE INDEX "alert_recipients_resolved_user_idx" ON "alert_recipients" USING btree ("user_id","alert_resolved_at") WHERE "alert_recipients"."alert_resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "complaints_resolution_due_all_idx" ON "complaints" USING btree ("resolution_due_at") INCLUDE ("resolved_at","assignee_id");--> statement-breakpoint
-- Durations are kept as log-scale histograms: bin k holds [1.02^(k-1), 1.02^k) seconds (bin 0: under a
-- second) with the count and the sum of what fell in it; a percentile read from the bins' means is
-- within 2% of the exact one, and exact when each bin holds one distinct value.
CREATE OR REPLACE FUNCTION ops_duration_bin(seconds double precision) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN seconds < 1 THEN 0 ELSE 1 + floor(ln(seconds) / ln(1.02))::int END::smallint
$$;
--> statement-breakpoint
-- An alert's counts: opened (and how it went since) in the hour it opened, closed in the hour it resolved.
-- (One SELECT over VALUES, not a UNION: PostgreSQL 17 inlines it, and a UNION here trips its planner.)
CREATE OR REPLACE FUNCTION ops_alert_hour_rows(a alerts)
RETURNS TABLE (at timestamptz, hour timestamptz, severity text, alert_type text, rule_id bigint, rule_name text,
               opened int, acknowledged int, resolved int, unattended int, open int, closed int)
LANGUAGE sql STABLE AS $$
  SELECT v.at, date_trunc('hour', v.at, 'UTC'), a.severity, a.alert_type, coalesce(a.rule_id, 0),
         CASE WHEN a.rule_id IS NULL THEN coalesce(a.metadata->>'rule_name', '') ELSE '' END,
         v.opened, v.opened * (a.acknowledged_at IS NOT NULL)::int, v.opened * (a.resolved_at IS NOT NULL)::int,
         v.opened * (a.resolved_at IS NOT NULL AND a.acknowledged_at IS NULL)::int, v.opened * (a.status <> 'resolved')::int, 1 - v.opened
    FROM (VALUES (a.created_at, 1), (CASE WHEN a.status = 'resolved' THEN a.resolved_at END, 0)) v(at, opened)
   WHERE v.at IS NOT NULL
$$;
--> statement-breakpoint
-- An alert's time to acknowledge and to resolve, counted in the hour (and day) it opened.
CREATE OR REPLACE FUNCTION ops_alert_durations(a alerts) RETURNS TABLE (at timestamptz, measure text, seconds double precision)
LANGUAGE sql STABLE AS $$
  SELECT a.created_at, v.measure, extract(epoch FROM v.done - a.created_at)::float8
    FROM (VALUES ('ack', a.acknowledged_at), ('resolve', a.resolved_at)) v(measure, done)
   WHERE v.done IS NOT NULL
$$;
--> statement-breakpoint
-- A delivery counts in the hour its alert opened; a sent first message also gives its time to delivery.
CREATE OR REPLACE FUNCTION ops_delivery_rows(d deliveries, opened_at timestamptz)
RETURNS TABLE (at timestamptz, channel text, status text, seconds double precision)
LANGUAGE sql STABLE AS $$
  SELECT opened_at, d.channel, d.status,
         CASE WHEN d.status = 'sent' AND d.kind = 'fired' AND d.sent_at IS NOT NULL THEN extract(epoch FROM d.sent_at - opened_at)::float8 END
$$;
--> statement-breakpoint
-- The statements that add a signed set of alert rows (`src`: columns sign, a) to the hour and duration rollups.
CREATE OR REPLACE FUNCTION ops_add_alert_rollups(src text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ARRAY[format($q$
    INSERT INTO alert_hours AS b (hour, shard, severity, alert_type, rule_id, rule_name, opened, acknowledged, resolved, unattended, open, closed)
    SELECT x.hour, pg_backend_pid() %% 8, x.severity, x.alert_type, x.rule_id, x.rule_name, sum(s.sign * x.opened), sum(s.sign * x.acknowledged),
           sum(s.sign * x.resolved), sum(s.sign * x.unattended), sum(s.sign * x.open), sum(s.sign * x.closed)
      FROM (%s) s CROSS JOIN LATERAL ops_alert_hour_rows(s.a) x
     GROUP BY x.hour, x.severity, x.alert_type, x.rule_id, x.rule_name
    HAVING sum(s.sign * x.opened) <> 0 OR sum(s.sign * x.acknowledged) <> 0 OR sum(s.sign * x.resolved) <> 0
        OR sum(s.sign * x.unattended) <> 0 OR sum(s.sign * x.open) <> 0 OR sum(s.sign * x.closed) <> 0
     ORDER BY 1, 3, 4, 5, 6
    ON CONFLICT (hour, shard, severity, alert_type, rule_id, rule_name) DO UPDATE SET
      opened = b.opened + excluded.opened, acknowledged = b.acknowledged + excluded.acknowledged, resolved = b.resolved + excluded.resolved,
      unattended = b.unattended + excluded.unattended, open = b.open + excluded.open, closed = b.closed + excluded.closed$q$, src),
  format($q$
    INSERT INTO alert_durations AS b (span, start, measure, bin, n, ms)
    SELECT sp.span, date_trunc(sp.span, d.at, 'UTC'), d.measure, ops_duration_bin(d.seconds), sum(s.sign), sum(s.sign * round(d.seconds * 1000)::bigint)
      FROM (%s) s CROSS JOIN LATERAL ops_alert_durations(s.a) d CROSS JOIN (VALUES ('day'), ('hour')) sp(span)
     GROUP BY 1, 2, 3, 4 HAVING sum(s.sign) <> 0 OR sum(s.sign * round(d.seconds * 1000)::bigint) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (span, start, measure, bin) DO UPDATE SET n = b.n + excluded.n, ms = b.ms + excluded.ms$q$, src)];
END;
$$;
--> statement-breakpoint
-- The statement that adds a signed set of (alert opened at, acknowledged?, person) rows (`src`: columns sign, created_at, acked, user_id) to the people's load.
CREATE OR REPLACE FUNCTION ops_add_person_rollups(src text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ARRAY[format($q$
    INSERT INTO alert_person_days AS b (day, user_id, shard, alerts, acknowledged)
    SELECT date_trunc('day', s.created_at, 'UTC'), s.user_id, pg_backend_pid() %% 8, sum(s.sign), sum(s.sign * s.acked::int)
      FROM (%s) s
     GROUP BY 1, 2 HAVING sum(s.sign) <> 0 OR sum(s.sign * s.acked::int) <> 0
     ORDER BY 1, 2
    ON CONFLICT (day, user_id, shard) DO UPDATE SET alerts = b.alerts + excluded.alerts, acknowledged = b.acknowledged + excluded.acknowledged$q$, src)];
END;
$$;
--> statement-breakpoint
-- The statements that add a signed set of deliveries with their alert's opening time (`src`: columns sign, d, opened_at).
CREATE OR REPLACE FUNCTION ops_add_delivery_rollups(src text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ARRAY[format($q$
    INSERT INTO alert_delivery_hours AS b (hour, shard, channel, status, n)
    SELECT date_trunc('hour', x.at, 'UTC'), pg_backend_pid() %% 8, x.channel, x.status, sum(s.sign)
      FROM (%s) s CROSS JOIN LATERAL ops_delivery_rows(s.d, s.opened_at) x
     GROUP BY 1, 3, 4 HAVING sum(s.sign) <> 0 ORDER BY 1, 3, 4
    ON CONFLICT (hour, shard, channel, status) DO UPDATE SET n = b.n + excluded.n$q$, src),
  format($q$
    INSERT INTO alert_durations AS b (span, start, measure, bin, n, ms)
    SELECT sp.span, date_trunc(sp.span, x.at, 'UTC'), 'sent:' || x.channel, ops_duration_bin(x.seconds), sum(s.sign), sum(s.sign * round(x.seconds * 1000)::bigint)
      FROM (%s) s CROSS JOIN LATERAL ops_delivery_rows(s.d, s.opened_at) x CROSS JOIN (VALUES ('day'), ('hour')) sp(span)
     WHERE x.seconds IS NOT NULL
     GROUP BY 1, 2, 3, 4 HAVING sum(s.sign) <> 0 OR sum(s.sign * round(x.seconds * 1000)::bigint) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (span, start, measure, bin) DO UPDATE SET n = b.n + excluded.n, ms = b.ms + excluded.ms$q$, src)];
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_alerts_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE q text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_alert_rollups('SELECT 1 AS sign, ROW(n.*)::alerts AS a FROM new_rows n') LOOP EXECUTE q; END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    -- the people's load and the deliveries of deleted alerts were taken away row by row (ops_alert_deleting)
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_alert_rollups('SELECT -1 AS sign, ROW(o.*)::alerts AS a FROM old_rows o') LOOP EXECUTE q; END LOOP;
  ELSE
    -- only the changes that move a count (re-firings bump occurrences and last_fired_at: nothing to do)
    IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (id)
                    WHERE (o.created_at, o.acknowledged_at, o.resolved_at, o.status, o.severity, o.alert_type, o.rule_id, o.metadata->>'rule_name')
                          IS DISTINCT FROM (n.created_at, n.acknowledged_at, n.resolved_at, n.status, n.severity, n.alert_type, n.rule_id, n.metadata->>'rule_name')) THEN
      RETURN NULL;
    END IF;
    FOREACH q IN ARRAY ops_add_alert_rollups($s$
      SELECT v.sign, v.a FROM old_rows o JOIN new_rows n USING (id) CROSS JOIN LATERAL (VALUES (-1, ROW(o.*)::alerts), (1, ROW(n.*)::alerts)) v(sign, a)
       WHERE (o.created_at, o.acknowledged_at, o.resolved_at, o.status, o.severity, o.alert_type, o.rule_id, o.metadata->>'rule_name')
             IS DISTINCT FROM (n.created_at, n.acknowledged_at, n.resolved_at, n.status, n.severity, n.alert_type, n.rule_id, n.metadata->>'rule_name')$s$) LOOP EXECUTE q; END LOOP;
    -- acknowledged (or un-acknowledged): each recipient's load moves with it
    FOREACH q IN ARRAY ops_add_person_rollups($s$
      SELECT v.sign, v.created_at, v.acked, r.user_id
        FROM old_rows o JOIN new_rows n USING (id) JOIN alert_recipients r ON r.alert_id = n.id
             CROSS JOIN LATERAL (VALUES (-1, o.created_at, o.acknowledged_at IS NOT NULL), (1, n.created_at, n.acknowledged_at IS NOT NULL)) v(sign, created_at, acked)
       WHERE (o.acknowledged_at IS NULL) <> (n.acknowledged_at IS NULL) OR o.created_at <> n.created_at$s$) LOOP EXECUTE q; END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Before an alert is deleted, its inbox rows and deliveries leave the rollups: the cascade that deletes
-- them runs when the alert is already gone, so their own triggers can no longer see when it opened.
CREATE OR REPLACE FUNCTION ops_alert_deleting() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE q text;
BEGIN
  IF EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = OLD.id) THEN
    FOREACH q IN ARRAY ops_add_person_rollups(format(
      'SELECT -1 AS sign, %L::timestamptz AS created_at, %L::boolean AS acked, r.user_id FROM alert_recipients r WHERE r.alert_id = %s',
      OLD.created_at, OLD.acknowledged_at IS NOT NULL, OLD.id)) LOOP EXECUTE q; END LOOP;
  END IF;
  IF EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = OLD.id) THEN
    FOREACH q IN ARRAY ops_add_delivery_rollups(format('SELECT -1 AS sign, d, %L::timestamptz AS opened_at FROM deliveries d WHERE d.alert_id = %s', OLD.created_at, OLD.id)) LOOP EXECUTE q; END LOOP;
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_recipients_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE q text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_person_rollups('SELECT 1 AS sign, a.created_at, a.acknowledged_at IS NOT NULL AS acked, n.user_id FROM new_rows n JOIN alerts a ON a.id = n.alert_id') LOOP EXECUTE q; END LOOP;
  ELSE
    -- an alert's own deletion has taken its rows away already (its row is no longer visible here)
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_person_rollups('SELECT -1 AS sign, a.created_at, a.acknowledged_at IS NOT NULL AS acked, o.user_id FROM old_rows o JOIN alerts a ON a.id = o.alert_id') LOOP EXECUTE q; END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_deliveries_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE q text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_delivery_rollups('SELECT 1 AS sign, ROW(n.*)::deliveries AS d, a.created_at AS opened_at FROM new_rows n JOIN alerts a ON a.id = n.alert_id') LOOP EXECUTE q; END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    FOREACH q IN ARRAY ops_add_delivery_rollups('SELECT -1 AS sign, ROW(o.*)::deliveries AS d, a.created_at AS opened_at FROM old_rows o JOIN alerts a ON a.id = o.alert_id') LOOP EXECUTE q; END LOOP;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (id)
                    WHERE (o.alert_id, o.channel, o.status, o.kind, o.sent_at) IS DISTINCT FROM (n.alert_id, n.channel, n.status, n.kind, n.sent_at)) THEN
      RETURN NULL;
    END IF;
    FOREACH q IN ARRAY ops_add_delivery_rollups($s$
      SELECT v.sign, v.d, a.created_at AS opened_at
        FROM old_rows o JOIN new_rows n USING (id) CROSS JOIN LATERAL (VALUES (-1, ROW(o.*)::deliveries), (1, ROW(n.*)::deliveries)) v(sign, d) JOIN alerts a ON a.id = (v.d).alert_id
       WHERE (o.alert_id, o.channel, o.status, o.kind, o.sent_at) IS DISTINCT FROM (n.alert_id, n.channel, n.status, n.kind, n.sent_at)$s$) LOOP EXECUTE q; END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alerts_rollup_insert AFTER INSERT ON alerts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_alerts_rollup();
--> statement-breakpoint
CREATE TRIGGER alerts_rollup_update AFTER UPDATE ON alerts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_alerts_rollup();
--> statement-breakpoint
CREATE TRIGGER alerts_rollup_delete AFTER DELETE ON alerts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_alerts_rollup();
--> statement-breakpoint
CREATE TRIGGER alerts_rollup_deleting BEFORE DELETE ON alerts FOR EACH ROW EXECUTE FUNCTION ops_alert_deleting();
--> statement-breakpoint
CREATE TRIGGER alert_recipients_rollup_insert AFTER INSERT ON alert_recipients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_recipients_rollup();
--> statement-breakpoint
CREATE TRIGGER alert_recipients_rollup_delete AFTER DELETE ON alert_recipients
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_recipients_rollup();
--> statement-breakpoint
CREATE TRIGGER deliveries_rollup_insert AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_deliveries_rollup();
--> statement-breakpoint
CREATE TRIGGER deliveries_rollup_update AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_deliveries_rollup();
--> statement-breakpoint
CREATE TRIGGER deliveries_rollup_delete AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_deliveries_rollup();
--> statement-breakpoint
-- The rollups rebuilt from the rows stored: the backfill below, and a repair after a bulk load that
-- bypassed the triggers (session_replication_role = replica). Takes the tables' write locks first.
CREATE OR REPLACE FUNCTION ops_rebuild_analytics_rollups() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE alerts, alert_recipients, deliveries IN SHARE MODE;
  TRUNCATE alert_hours, alert_durations, alert_delivery_hours, alert_person_days;
  -- shard 0 (pg_backend_pid() % 8 would do as well: one backend)
  INSERT INTO alert_hours (hour, shard, severity, alert_type, rule_id, rule_name, opened, acknowledged, resolved, unattended, open, closed)
  SELECT x.hour, 0, x.severity, x.alert_type, x.rule_id, x.rule_name, sum(x.opened), sum(x.acknowledged), sum(x.resolved), sum(x.unattended), sum(x.open), sum(x.closed)
    FROM alerts a CROSS JOIN LATERAL ops_alert_hour_rows(a) x
   GROUP BY x.hour, x.severity, x.alert_type, x.rule_id, x.rule_name;
  INSERT INTO alert_durations (span, start, measure, bin, n, ms)
  SELECT sp.span, date_trunc(sp.span, d.at, 'UTC'), d.measure, ops_duration_bin(d.seconds), count(*), sum(round(d.seconds * 1000)::bigint)
    FROM alerts a CROSS JOIN LATERAL ops_alert_durations(a) d CROSS JOIN (VALUES ('day'), ('hour')) sp(span)
   GROUP BY 1, 2, 3, 4;
  INSERT INTO alert_person_days (day, user_id, shard, alerts, acknowledged)
  SELECT date_trunc('day', a.created_at, 'UTC'), r.user_id, 0, count(*), count(*) FILTER (WHERE a.acknowledged_at IS NOT NULL)
    FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id
   GROUP BY 1, 2;
  INSERT INTO alert_delivery_hours (hour, shard, channel, status, n)
  SELECT date_trunc('hour', a.created_at, 'UTC'), 0, d.channel, d.status, count(*)
    FROM deliveries d JOIN alerts a ON a.id = d.alert_id
   GROUP BY 1, 3, 4;
  INSERT INTO alert_durations AS b (span, start, measure, bin, n, ms)
  SELECT sp.span, date_trunc(sp.span, x.at, 'UTC'), 'sent:' || x.channel, ops_duration_bin(x.seconds), count(*), sum(round(x.seconds * 1000)::bigint)
    FROM deliveries d JOIN alerts a ON a.id = d.alert_id CROSS JOIN LATERAL ops_delivery_rows(d, a.created_at) x CROSS JOIN (VALUES ('day'), ('hour')) sp(span)
   WHERE x.seconds IS NOT NULL
   GROUP BY 1, 2, 3, 4;
END;
$$;
--> statement-breakpoint
SELECT ops_rebuild_analytics_rollups();
