-- Hand-written: drizzle cannot emit statement triggers.
-- Complaints due per hour, for the analytics' "complaints breached vs met" (lib/analytics): of the
-- complaints whose resolution deadline falls in each UTC hour, how many were resolved in time,
-- resolved late, or are not resolved. Kept by statement triggers on complaints in the writer's
-- transaction, each writer in its own shard (backend pid mod 8), rows upserted in key order (as the
-- alert rollups of 0020). For an hour wholly past, not resolved means breached; the API reads the
-- hour that holds now, and later ones, from the complaints themselves.
CREATE TABLE "complaint_due_hours" (
	"hour" timestamp with time zone NOT NULL,
	"shard" smallint NOT NULL,
	"met" integer NOT NULL,
	"late" integer NOT NULL,
	"open" integer NOT NULL,
	CONSTRAINT "complaint_due_hours_pk" PRIMARY KEY("hour","shard")
);
--> statement-breakpoint
-- a team's complaints due in a window, by person
CREATE INDEX "complaints_assignee_due_idx" ON "complaints" USING btree ("assignee_id","resolution_due_at") INCLUDE ("resolved_at");
--> statement-breakpoint
-- What the rows of a transition table (new_rows or old_rows) add (sign 1) or take away (-1), per hour:
-- the SELECT as text, run by the trigger function itself (a transition table is visible there only).
CREATE OR REPLACE FUNCTION ops_complaint_due_delta(rows_table text, sign int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    SELECT date_trunc('hour', c.resolution_due_at, 'UTC') AS hour, %2$s * coalesce(c.resolved_at <= c.resolution_due_at, false)::int AS met,
           %2$s * coalesce(c.resolved_at > c.resolution_due_at, false)::int AS late, %2$s * (c.resolved_at IS NULL)::int AS open
      FROM %1$I c WHERE c.resolution_due_at IS NOT NULL$q$, rows_table, sign)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_complaint_due_hours() RETURNS trigger
LANGUAGE plpgsql AS $$
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
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_due_hours_insert AFTER INSERT ON complaints
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaint_due_hours();
--> statement-breakpoint
CREATE TRIGGER complaints_due_hours_update AFTER UPDATE ON complaints
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaint_due_hours();
--> statement-breakpoint
CREATE TRIGGER complaints_due_hours_delete AFTER DELETE ON complaints
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaint_due_hours();
--> statement-breakpoint
-- Rebuilt from the complaints (the backfill; also after a bulk load that skipped the triggers).
CREATE OR REPLACE FUNCTION ops_rebuild_complaint_due_hours() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE complaints IN SHARE MODE;
  TRUNCATE complaint_due_hours;
  INSERT INTO complaint_due_hours (hour, shard, met, late, open)
  SELECT date_trunc('hour', resolution_due_at, 'UTC'), 0, count(*) FILTER (WHERE resolved_at <= resolution_due_at),
         count(*) FILTER (WHERE resolved_at > resolution_due_at), count(*) FILTER (WHERE resolved_at IS NULL)
    FROM complaints WHERE resolution_due_at IS NOT NULL GROUP BY 1;
END;
$$;
--> statement-breakpoint
SELECT ops_rebuild_complaint_due_hours();
