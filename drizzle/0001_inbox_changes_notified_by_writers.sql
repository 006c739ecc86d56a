-- The live notifications of a changed alert ('state' to its recipients, 'team' to their watchers)
-- and of changed inbox rows ('inbox') are sent by the writers (lib/realtime/notify.ts, through
-- finishAlertWrite). What stays a trigger is the copy of an alert's resolution time onto its inbox
-- rows, which the unread count's index-only scan reads: any writer that resolves an alert must keep
-- it, an operator's psql included. A row trigger with a WHEN clause costs nothing on the updates
-- that do not resolve (acknowledgements, repeats, escalations), and no transition tables are kept.
DROP TRIGGER IF EXISTS alerts_notify_update ON alerts;--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_recipients_notify_update ON alert_recipients;--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_alerts_updated();--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_recipients_updated();--> statement-breakpoint
CREATE FUNCTION ops_alert_resolved() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  UPDATE alert_recipients SET alert_resolved_at = NEW.resolved_at WHERE alert_id = NEW.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER alerts_resolved_copy AFTER UPDATE OF status ON alerts
  FOR EACH ROW WHEN (NEW.status = 'resolved' AND OLD.status IS DISTINCT FROM 'resolved')
  EXECUTE FUNCTION ops_alert_resolved();
