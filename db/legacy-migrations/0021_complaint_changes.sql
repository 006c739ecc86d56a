-- Hand-written: drizzle cannot emit statement triggers.
-- The complaint change log: each complaint as it was over time, one row per version of the fields
-- the checks read (status, priority, owner, deadlines, when it was answered and resolved), valid
-- from `valid_from` until `valid_to` (infinity: as it is now). Written by a statement trigger over
-- the transition tables, so every writer keeps it (ingestion, the API, the demo generator) in the
-- writer's transaction. The rule editor's backtest replays the checks over it.
CREATE TABLE "complaint_changes" (
	"complaint_id" bigint NOT NULL REFERENCES "complaints"("id") ON DELETE CASCADE,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone DEFAULT 'infinity' NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"assignee_id" bigint,
	"escalated_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "complaint_changes_pk" PRIMARY KEY("complaint_id","valid_from")
);
--> statement-breakpoint
-- the cleanup finds versions that ended long ago; current versions (infinity) are not in it, so the
-- trigger's lookups of a complaint's current version go by the primary key
CREATE INDEX "complaint_changes_ended_idx" ON "complaint_changes" USING btree ("valid_to") WHERE "valid_to" <> 'infinity';
--> statement-breakpoint
-- A new complaint's first version starts when it was created (an import of past complaints keeps
-- their past). A change starts a version at the complaint's new updated_at when the writer set one,
-- else now(); never before the version it follows. Two changes at one instant: the last one stands.
CREATE OR REPLACE FUNCTION ops_complaint_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER complaints_changes_insert AFTER INSERT ON complaints
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaint_changes();
--> statement-breakpoint
CREATE TRIGGER complaints_changes_update AFTER UPDATE ON complaints
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaint_changes();
--> statement-breakpoint
-- what is there already: each complaint as it is, since it was created
INSERT INTO complaint_changes (complaint_id, valid_from, status, priority, assignee_id, escalated_at,
                               response_due_at, resolution_due_at, first_responded_at, resolved_at)
SELECT id, created_at, status, priority, assignee_id, escalated_at, response_due_at, resolution_due_at, first_responded_at, resolved_at
  FROM complaints;
--> statement-breakpoint
-- The silence matching an alert at a given time, or NULL: ops_active_silence (0015) at any moment,
-- so the backtest replays silences as they were. ops_active_silence is now this, at now().
CREATE OR REPLACE FUNCTION ops_silence_at(at timestamptz, rule_id bigint, alert_type text, severity text, resource_type text, resource_id text)
RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT s.id FROM silences s
   WHERE s.starts_at <= at AND s.ends_at > at
     AND coalesce(s.matchers->>'rule_id', coalesce(rule_id::text, 'null')) = coalesce(rule_id::text, 'null')
     AND coalesce(s.matchers->>'alert_type', alert_type) = alert_type
     AND coalesce(s.matchers->>'severity', severity) = severity
     AND (s.matchers->>'resource_type' IS NULL OR s.matchers->>'resource_type' = resource_type)
     AND (s.matchers->>'resource_id' IS NULL OR s.matchers->>'resource_id' = resource_id)
   ORDER BY s.id LIMIT 1
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_active_silence(rule_id bigint, alert_type text, severity text, resource_type text, resource_id text)
RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT ops_silence_at(now(), rule_id, alert_type, severity, resource_type, resource_id)
$$;
