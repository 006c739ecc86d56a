CREATE TABLE "metric_minutes" (
	"metric" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"labels" jsonb NOT NULL,
	"shard" integer NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last_value" double precision NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "metric_minutes_metric_minute_labels_shard_pk" PRIMARY KEY("metric","minute","labels","shard")
);
--> statement-breakpoint
CREATE TABLE "payment_minutes" (
	"provider" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"shard" integer NOT NULL,
	"total" integer NOT NULL,
	"failed" integer NOT NULL,
	CONSTRAINT "payment_minutes_provider_minute_shard_pk" PRIMARY KEY("provider","minute","shard")
);
--> statement-breakpoint
CREATE INDEX "metric_minutes_minute_idx" ON "metric_minutes" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "payment_minutes_minute_idx" ON "payment_minutes" USING btree ("minute");--> statement-breakpoint
-- Hand-written: statement triggers (drizzle cannot emit them) keep the per-minute rollups in step with
-- every write to payments and metric_samples, set-based over the statement's transition table, in the
-- writer's transaction. Buckets are whole UTC minutes; each writer adds into its own shard
-- (backend pid mod 16) so concurrent batches do not queue on one bucket row; readers sum the shards.
CREATE OR REPLACE FUNCTION ops_payment_minutes() RETURNS trigger
LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER payments_minutes_insert AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_payment_minutes();
--> statement-breakpoint
CREATE TRIGGER payments_minutes_update AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_payment_minutes();
--> statement-breakpoint
CREATE TRIGGER payments_minutes_delete AFTER DELETE ON payments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_payment_minutes();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_metric_minutes() RETURNS trigger
LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER metric_samples_minutes_insert AFTER INSERT ON metric_samples
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_metric_minutes();
--> statement-breakpoint
CREATE TRIGGER metric_samples_minutes_update AFTER UPDATE ON metric_samples
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_metric_minutes();
--> statement-breakpoint
CREATE TRIGGER metric_samples_minutes_delete AFTER DELETE ON metric_samples
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_metric_minutes();
--> statement-breakpoint
-- the rows already stored, rolled up once
INSERT INTO payment_minutes (provider, minute, shard, total, failed)
SELECT provider, date_trunc('minute', created_at, 'UTC'), 0, count(*), count(*) FILTER (WHERE status = 'failed')
  FROM payments GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO metric_minutes (metric, minute, labels, shard, count, sum, min, max, last_value, last_at)
SELECT metric, date_trunc('minute', recorded_at, 'UTC'), labels, 0, count(*), sum(value), min(value), max(value),
       (array_agg(value ORDER BY recorded_at DESC))[1], max(recorded_at)
  FROM metric_samples GROUP BY 1, 2, 3;
