-- Hand-written: drizzle does not manage triggers or functions.
--
-- The analytics rollups outlive raw retention. Deleting old raw rows (the daily cleanup's resolved
-- alerts, with their inbox rows and deliveries by cascade) no longer takes their counts away: the
-- days they covered keep the same figures after the rows are gone, as Grafana's and PagerDuty's
-- analytics keep history past the raw data. Only resolved alerts are deleted, so no "open" count
-- is left behind.
--
-- What this drops is also the slowest part of a deletion: a per-row BEFORE DELETE trigger that
-- built and ran dynamic SQL for every alert (8.2 s for a batch of 5,000 resolved alerts; 0.2 s
-- without it). ops_alerts_rollup's DELETE branch is no longer reached.
DROP TRIGGER IF EXISTS alerts_rollup_deleting ON alerts;
--> statement-breakpoint
DROP TRIGGER IF EXISTS alerts_rollup_delete ON alerts;
--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_recipients_rollup_delete ON alert_recipients;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deliveries_rollup_delete ON deliveries;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_alert_deleting();
