-- Hand-written: drizzle does not manage triggers, functions or data.
--
-- The analytics rollups leave the write path. Statement triggers on alerts, alert_recipients and
-- deliveries kept them in every writer's transaction: five upserts built as dynamic SQL (planned
-- anew on every call) on the current hour's rows, which concurrent writers queued on — about 6 ms
-- of database time per alert fired (npm run bench:delivery, BENCH_PG_STATS=1). They are now folded
-- in batches from what changed (lib/analytics/fold.ts), by the `analytics` job every minute and by
-- the analytics readers before they read; 0028 added what a fold needs to know what changed.
--
-- Everything so far was counted by the triggers: every alert and delivery is marked counted as it
-- is, and inbox rows up to this transaction are behind the horizon.
DROP TRIGGER IF EXISTS alerts_rollup_insert ON alerts;
--> statement-breakpoint
DROP TRIGGER IF EXISTS alerts_rollup_update ON alerts;
--> statement-breakpoint
DROP TRIGGER IF EXISTS alert_recipients_rollup_insert ON alert_recipients;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deliveries_rollup_insert ON deliveries;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deliveries_rollup_update ON deliveries;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_alerts_rollup();
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_recipients_rollup();
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_deliveries_rollup();
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_add_alert_rollups(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_add_person_rollups(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_add_delivery_rollups(text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_rebuild_analytics_rollups();
--> statement-breakpoint
UPDATE alerts SET counted_status = status, counted_acknowledged_at = acknowledged_at, counted_resolved_at = resolved_at, counted_rule_id = rule_id;
--> statement-breakpoint
UPDATE deliveries SET counted_status = status, counted_sent_at = sent_at WHERE alert_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO rollup_horizon (id, inbox_xid) VALUES (1, pg_snapshot_xmax(pg_current_snapshot()));
