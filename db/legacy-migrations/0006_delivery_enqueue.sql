-- Hand-written: drizzle cannot express triggers.
-- The delivery outbox follows the timeline: every alert_events insert that announces something
-- (fired, refired after its cooldown, escalated, acknowledged, resolved) writes the deliveries it
-- calls for in the same statement, so in the same transaction, whichever code path wrote the event.
-- Email goes to recipients whose subscription (else the rule's channels) and preferences allow it,
-- delayed to the end of their quiet hours unless critical; "resolved" only to those emailed about
-- the alert; acknowledgements only to the team channels. Slack and webhooks: one per event when the
-- rule's channels name them. One NOTIFY 'ops_deliveries' at commit wakes the senders.
CREATE OR REPLACE FUNCTION ops_quiet_until(tz text, starts text, ends text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
  local_now timestamp;
  t time;
  s time;
  e time;
  until timestamp;
BEGIN
  IF starts IS NULL OR ends IS NULL OR starts = ends THEN
    RETURN NULL;
  END IF;
  local_now := now() AT TIME ZONE tz;
  t := local_now::time;
  s := starts::time;
  e := ends::time;
  IF (s < e AND t >= s AND t < e) OR (s > e AND (t >= s OR t < e)) THEN
    until := date_trunc('day', local_now) + e;
    IF until <= local_now THEN
      until := until + interval '1 day';
    END IF;
    RETURN until AT TIME ZONE tz;
  END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN
  -- an unknown time zone or a malformed time: no quiet hours, rather than no alert
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_enqueue_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deliveries (alert_id, event_id, kind, user_id, channel, target, next_attempt_at, idempotency_key)
  SELECT x.alert_id, x.event_id, x.kind, x.user_id, x.channel, x.target, x.at,
         x.event_id || ':' || x.channel || ':' || md5(x.target)
    FROM (
      WITH ev AS (
        SELECT e.id AS event_id, e.kind, e.details, a.id AS alert_id, a.alert_type, a.severity,
               coalesce(r.alert_config, '{}'::jsonb) AS cfg
          FROM new_events e
          JOIN alerts a ON a.id = e.alert_id
          LEFT JOIN alert_rules r ON r.id = a.rule_id
         WHERE e.kind IN ('fired', 'escalated', 'acknowledged', 'resolved')
            OR (e.kind = 'refired' AND coalesce((e.details->>'renotify')::boolean, false))
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
                                             WHERE d.alert_id = ev.alert_id AND d.user_id = u.id AND d.channel = 'email')
               WHEN 'acknowledged' THEN false
               ELSE true END
         AND CASE WHEN s.id IS NOT NULL THEN s.is_enabled AND 'email' = ANY (s.delivery_channels)
                  ELSE coalesce(ev.cfg->'channels', '["in_app"]'::jsonb) ? 'email' END
         AND coalesce(p.email_enabled, true)
         AND array_position(ARRAY['info','warning','error','critical'], ev.severity)
             >= array_position(ARRAY['info','warning','error','critical'], coalesce(p.min_email_severity, 'warning'))
      UNION ALL
      -- the rule's own addresses
      SELECT ev.alert_id, ev.event_id, ev.kind, NULL, 'email', lower(addr.value), now()
        FROM ev CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(ev.cfg->'email_to', '[]'::jsonb)) addr(value)
       WHERE ev.kind <> 'acknowledged' AND ev.cfg->'channels' ? 'email'
      UNION ALL
      -- the team's Slack channel
      SELECT ev.alert_id, ev.event_id, ev.kind, NULL, 'slack', coalesce(ev.cfg->>'slack_channel', ''), now()
        FROM ev WHERE ev.cfg->'channels' ? 'slack'
      UNION ALL
      -- the rule's signed webhook
      SELECT ev.alert_id, ev.event_id, ev.kind, NULL, 'webhook', ev.cfg->'webhook'->>'url', now()
        FROM ev WHERE ev.cfg->'channels' ? 'webhook' AND ev.cfg->'webhook'->>'url' IS NOT NULL
    ) x
  ON CONFLICT (idempotency_key) DO NOTHING;
  IF FOUND THEN
    PERFORM pg_notify('ops_deliveries', '');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alert_events_enqueue_deliveries AFTER INSERT ON alert_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION ops_enqueue_deliveries();
