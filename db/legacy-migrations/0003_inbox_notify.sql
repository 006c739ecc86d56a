-- Hand-written: drizzle cannot express triggers.
-- Every change to someone's inbox — a new alert for them, read/dismiss/snooze, a team-wide status
-- change of an alert they hold — sends one NOTIFY on channel 'ops_alerts' per 500 affected users,
-- at commit. App instances LISTEN and push to those users' open SSE streams, so any write path
-- (checks, ingestion, API, cron) is live without each having to remember to notify.
CREATE OR REPLACE FUNCTION ops_notify_users(kind text, user_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  chunk bigint[];
BEGIN
  FOR chunk IN
    SELECT array_agg(u ORDER BY u) FROM (
      SELECT u, (row_number() OVER (ORDER BY u) - 1) / 500 AS part FROM unnest(user_ids) AS t(u) GROUP BY u
    ) s GROUP BY part
  LOOP
    PERFORM pg_notify('ops_alerts', json_build_object('k', kind, 'u', chunk)::text);
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_recipients_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops_notify_users('new', (SELECT array_agg(DISTINCT user_id) FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_recipients_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops_notify_users('inbox', (
    SELECT array_agg(DISTINCT n.user_id) FROM new_rows n JOIN old_rows o USING (alert_id, user_id)
     WHERE n.read_at IS DISTINCT FROM o.read_at OR n.dismissed_at IS DISTINCT FROM o.dismissed_at
        OR n.snoozed_until IS DISTINCT FROM o.snoozed_until));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_alerts_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops_notify_users('state', (
    SELECT array_agg(DISTINCT r.user_id) FROM new_rows n JOIN old_rows o USING (id)
      JOIN alert_recipients r ON r.alert_id = n.id
     WHERE n.status IS DISTINCT FROM o.status OR n.occurrences IS DISTINCT FROM o.occurrences
        OR n.escalation_level IS DISTINCT FROM o.escalation_level));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alert_recipients_notify_insert AFTER INSERT ON alert_recipients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_recipients_inserted();
--> statement-breakpoint
CREATE TRIGGER alert_recipients_notify_update AFTER UPDATE ON alert_recipients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_recipients_updated();
--> statement-breakpoint
CREATE TRIGGER alerts_notify_update AFTER UPDATE ON alerts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_alerts_updated();
