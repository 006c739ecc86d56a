CREATE TABLE "rollup_horizon" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"inbox_xid" "xid8" NOT NULL,
	CONSTRAINT "rollup_horizon_one_row" CHECK ("rollup_horizon"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "counted_status" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "counted_acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "counted_resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "counted_rule_id" bigint;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "counted_status" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "counted_sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alert_recipients_xact_idx" ON "alert_recipients" USING btree ("xact_id");--> statement-breakpoint
CREATE INDEX "alerts_rollup_pending_idx" ON "alerts" USING btree ("id") WHERE "alerts"."counted_status" is distinct from "alerts"."status" or "alerts"."counted_acknowledged_at" is distinct from "alerts"."acknowledged_at" or "alerts"."counted_resolved_at" is distinct from "alerts"."resolved_at" or "alerts"."counted_rule_id" is distinct from "alerts"."rule_id";--> statement-breakpoint
CREATE INDEX "deliveries_rollup_pending_idx" ON "deliveries" USING btree ("id") WHERE "deliveries"."alert_id" is not null and ("deliveries"."counted_status" is distinct from "deliveries"."status" or "deliveries"."counted_sent_at" is distinct from "deliveries"."sent_at");