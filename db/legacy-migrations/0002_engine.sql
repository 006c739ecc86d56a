CREATE TABLE "rule_states" (
	"rule_id" bigint NOT NULL,
	"key" text NOT NULL,
	"pending_since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_value" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_states_rule_id_key_pk" PRIMARY KEY("rule_id","key")
);
--> statement-breakpoint
ALTER TABLE "rule_states" ADD CONSTRAINT "rule_states_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_recipients_snoozed_idx" ON "alert_recipients" USING btree ("snoozed_until") WHERE "alert_recipients"."snoozed_until" is not null;--> statement-breakpoint
CREATE INDEX "alerts_rule_created_idx" ON "alerts" USING btree ("rule_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_escalated_idx" ON "complaints" USING btree ("escalated_at") WHERE "complaints"."status" = 'escalated';--> statement-breakpoint
CREATE INDEX "complaints_waiting_priority_idx" ON "complaints" USING btree ("priority") WHERE "complaints"."first_responded_at" is null and "complaints"."status" in ('open','in_progress','escalated');--> statement-breakpoint
CREATE INDEX "cron_runs_started_idx" ON "cron_runs" USING btree ("started_at");