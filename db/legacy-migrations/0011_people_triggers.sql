-- Hand-written: drizzle cannot express triggers or functions.

-- Inbox rows of alerts resolved before this migration: the bell counts open alerts only.
UPDATE alert_recipients r SET alert_resolved_at = a.resolved_at
  FROM alerts a WHERE a.id = r.alert_id AND a.status = 'resolved' AND r.alert_resolved_at IS NULL;
--> statement-breakpoint

-- Who watches a set of people as a team: their managers up the chain (at most 10 levels) and every
-- active admin. The team view of these people changes when an alert of theirs changes.
CREATE OR REPLACE FUNCTION ops_team_watchers(user_ids bigint[]) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(id, depth) AS (
    SELECT u.manager_id, 1 FROM users u WHERE u.id = ANY(user_ids) AND u.manager_id IS NOT NULL
    UNION
    SELECT u.manager_id, up.depth + 1 FROM up JOIN users u ON u.id = up.id
     WHERE u.manager_id IS NOT NULL AND up.depth < 10
  )
  SELECT array_agg(DISTINCT w) FROM (
    SELECT up.id AS w FROM up JOIN users m ON m.id = up.id AND m.is_active
    UNION
    SELECT id FROM users WHERE role = 'admin' AND is_active
  ) s
$$;
--> statement-breakpoint

-- Whom an alert meant for a person goes to: that person while active, else the nearest active
-- manager above them (deactivated people's alerts reach their manager), else nobody.
CREATE OR REPLACE FUNCTION ops_active_delegate(user_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(id, active, depth) AS (
    SELECT u.id, u.is_active, 0 FROM users u WHERE u.id = user_id
    UNION ALL
    SELECT m.id, m.is_active, up.depth + 1 FROM up JOIN users u ON u.id = up.id JOIN users m ON m.id = u.manager_id
     WHERE NOT up.active AND up.depth < 10
  )
  SELECT id FROM up WHERE active ORDER BY depth LIMIT 1
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION ops_recipients_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := (SELECT array_agg(DISTINCT user_id) FROM new_rows);
BEGIN
  PERFORM ops_notify_users('new', ids);
  PERFORM ops_notify_users('team', ops_team_watchers(ids));
  RETURN NULL;
END;
$$;
--> statement-breakpoint

-- A status change also settles the inbox rows' copy of the resolution time (the bell's count), and
-- tells the recipients ('state') and those who watch them as a team ('team').
CREATE OR REPLACE FUNCTION ops_alerts_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
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
--> statement-breakpoint

-- Access ended or sessions invalidated (deactivated, password changed): every app instance closes
-- the person's open live streams at once.
CREATE OR REPLACE FUNCTION ops_users_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops_notify_users('revoked', (
    SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o USING (id)
     WHERE (o.is_active AND NOT n.is_active) OR n.session_version IS DISTINCT FROM o.session_version));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_notify_update AFTER UPDATE ON users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_users_updated();
