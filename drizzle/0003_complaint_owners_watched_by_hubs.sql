-- A complaint changing hands names only its old and new owner ('team'); each app instance's hub
-- finds who watches them among its own open streams (lib/realtime/hub.ts), as it does for what the
-- writers name. The second walk up the org chart, in SQL, is gone.
CREATE OR REPLACE FUNCTION ops_complaints_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  ids bigint[];
BEGIN
  ids := (SELECT array_agg(DISTINCT p) FROM new_rows n JOIN old_rows o USING (id)
            CROSS JOIN LATERAL (VALUES (o.assignee_id), (n.assignee_id)) v(p)
           WHERE n.assignee_id IS DISTINCT FROM o.assignee_id AND p IS NOT NULL);
  IF ids IS NOT NULL THEN
    PERFORM ops_notify_users('team', ids);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_team_watchers(bigint[]);
