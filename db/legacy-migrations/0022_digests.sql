-- Per-person email digests. Hand-written: drizzle cannot express the check constraints' names it
-- is given here, the partial index, nor the functions.
--
-- notification_preferences gains the digest choice (off, hourly, daily at a local hour) and when it
-- was made (periods that started before it are not sent). digests records one row per person and
-- period, sent or empty: its unique key is what makes a digest go once per period, however often
-- or wherever the job runs. A digest's email is an outbox row (deliveries.digest_id, no alert),
-- sent and retried like any other.
--
-- ops_enqueue_deliveries (as in 0018) changes twice in the people-by-email branch: people on a
-- digest get no single email for a non-critical alert (the digest lists it), and a scheduled
-- report (rule_type 'schedule': the managers' daily summary, severity info) reaches the people its
-- rule names whatever their least severity for email, which would otherwise hold it back.
ALTER TABLE "notification_preferences" ADD COLUMN "digest_frequency" text DEFAULT 'off' NOT NULL;
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "digest_hour" integer DEFAULT 8 NOT NULL;
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "digest_since" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_digest_frequency_check" CHECK ("digest_frequency" IN ('off', 'hourly', 'daily'));
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_digest_hour_check" CHECK ("digest_hour" BETWEEN 0 AND 23);
--> statement-breakpoint
-- the digest job reads only the people on a digest
CREATE INDEX "notification_preferences_digest_idx" ON "notification_preferences" USING btree ("user_id") WHERE "digest_frequency" <> 'off';
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "digests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"frequency" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"alert_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "digests_user_period_key" ON "digests" USING btree ("user_id","period_start");
--> statement-breakpoint
CREATE INDEX "digests_created_idx" ON "digests" USING btree ("created_at");
--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "alert_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "digest_id" bigint;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subject_check" CHECK ("alert_id" IS NOT NULL OR "digest_id" IS NOT NULL);
--> statement-breakpoint
CREATE INDEX "deliveries_digest_idx" ON "deliveries" USING btree ("digest_id") WHERE "digest_id" IS NOT NULL;
--> statement-breakpoint
-- The start of the digest period a moment falls in: hourly, the UTC hour; daily, the latest
-- `hour`:00 in the person's time zone at or before it. An unknown zone counts as UTC.
CREATE OR REPLACE FUNCTION ops_digest_period_start(frequency text, hour integer, tz text, at timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
  zone text := tz;
  local_at timestamp;
  starts timestamp;
BEGIN
  IF frequency = 'hourly' THEN
    RETURN date_trunc('hour', at, 'UTC');
  END IF;
  BEGIN
    local_at := at AT TIME ZONE zone;
  EXCEPTION WHEN others THEN
    zone := 'UTC';
    local_at := at AT TIME ZONE zone;
  END;
  starts := date_trunc('day', local_at) + make_interval(hours => hour);
  IF starts > local_at THEN
    starts := starts - interval '1 day';
  END IF;
  RETURN starts AT TIME ZONE zone;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_enqueue_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_events) THEN
    RETURN NULL;
  END IF;
  INSERT INTO deliveries (alert_id, event_id, kind, user_id, channel, target, next_attempt_at, idempotency_key)
  SELECT x.alert_id, x.event_id, x.kind, x.user_id, x.channel, x.target, x.at,
         x.event_id || ':' || x.channel || ':' || md5(x.target)
    FROM (
      WITH ev AS (
        SELECT e.id AS event_id, e.kind, e.details, a.id AS alert_id, a.alert_type, a.severity,
               coalesce(r.alert_config, '{}'::jsonb) AS cfg, r.rule_type,
               e.kind IN ('acknowledged', 'resolved') AS follow_up
          FROM new_events e
          JOIN alerts a ON a.id = e.alert_id
          LEFT JOIN alert_rules r ON r.id = a.rule_id
         WHERE e.kind IN ('fired', 'escalated', 'acknowledged', 'resolved')
            OR (e.kind = 'refired' AND coalesce((e.details->>'renotify')::boolean, false))
      ),
      team AS (
        -- the rule's own addresses
        SELECT ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'email' AS channel, lower(addr.value) AS target
          FROM ev CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(ev.cfg->'email_to', '[]'::jsonb)) addr(value)
         WHERE ev.kind <> 'acknowledged' AND ev.cfg->'channels' ? 'email'
        UNION ALL
        -- the team's Slack channel
        SELECT ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'slack', coalesce(ev.cfg->>'slack_channel', '')
          FROM ev WHERE ev.cfg->'channels' ? 'slack'
        UNION ALL
        -- the rule's signed webhook
        SELECT ev.alert_id, ev.event_id, ev.kind, ev.follow_up, 'webhook', ev.cfg->'webhook'->>'url'
          FROM ev WHERE ev.cfg->'channels' ? 'webhook' AND ev.cfg->'webhook'->>'url' IS NOT NULL
      )
      -- people, by email
      SELECT ev.alert_id, ev.event_id, ev.kind, u.id AS user_id, 'email' AS channel, u.email AS target,
             coalesce(CASE WHEN p.quiet_hours_start IS NOT NULL AND ev.severity <> 'critical'
                           THEN ops_quiet_until(u.timezone, p.quiet_hours_start, p.quiet_hours_end) END, now()) AS at
        FROM ev
        JOIN alert_recipients ar ON ar.alert_id = ev.alert_id AND ar.dismissed_at IS NULL
        JOIN users u ON u.id = ar.user_id AND u.is_active
        LEFT JOIN notification_preferences p ON p.user_id = u.id
        LEFT JOIN alert_subscriptions s ON s.user_id = u.id AND s.alert_type = ev.alert_type
       WHERE CASE ev.kind
               WHEN 'escalated' THEN coalesce(ev.details->'user_ids', '[]'::jsonb) @> to_jsonb(u.id)
               WHEN 'resolved' THEN EXISTS (SELECT 1 FROM deliveries d
                                             WHERE d.alert_id = ev.alert_id AND d.user_id = u.id AND d.channel = 'email'
                                               AND d.status <> 'skipped')
               WHEN 'acknowledged' THEN false
               ELSE true END
         AND CASE WHEN s.id IS NOT NULL THEN s.is_enabled AND 'email' = ANY (s.delivery_channels)
                  ELSE coalesce(ev.cfg->'channels', '["in_app"]'::jsonb) ? 'email' END
         AND coalesce(p.email_enabled, true)
         -- a scheduled report (the daily summary) is asked for by its rule, not filtered by severity
         AND (ev.rule_type = 'schedule'
              OR array_position(ARRAY['info','warning','error','critical'], ev.severity)
                 >= array_position(ARRAY['info','warning','error','critical'], coalesce(p.min_email_severity, 'warning')))
         -- people on a digest read non-critical alerts there; criticals never wait
         AND (ev.severity = 'critical' OR coalesce(p.digest_frequency, 'off') = 'off')
      UNION ALL
      SELECT t.alert_id, t.event_id, t.kind, NULL, t.channel, t.target, now()
        FROM team t
       WHERE NOT t.follow_up
          OR EXISTS (SELECT 1 FROM deliveries d
                      WHERE d.alert_id = t.alert_id AND d.user_id IS NULL AND d.channel = t.channel
                        AND d.target = t.target AND d.status <> 'skipped')
    ) x
  ON CONFLICT (idempotency_key) DO NOTHING;
  IF FOUND THEN
    PERFORM ops_notify('ops_deliveries', '');
  END IF;
  RETURN NULL;
END;
$$;
