-- Hand-written: drizzle cannot express triggers or functions.

-- A complaint changing hands moves its row in the team view (owner, owner filter, a lead's reach):
-- the old and the new assignee and those who watch them as a team ('team') refresh. Statement-level,
-- so a bulk update of complaints sends one notification per chunk of people, not one per row.
CREATE OR REPLACE FUNCTION ops_complaints_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER complaints_notify_owner AFTER UPDATE ON complaints
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_complaints_updated();
