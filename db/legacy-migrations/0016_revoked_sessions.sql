CREATE TABLE "revoked_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "revoked_sessions_expires_idx" ON "revoked_sessions" USING btree ("expires_at");--> statement-breakpoint
-- Hand-written: a signed-out session's open live streams end on every app instance at once (the
-- hub closes the person's streams; their other sessions reconnect and are authenticated afresh).
CREATE OR REPLACE FUNCTION ops_sessions_revoked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops_notify_users('revoked', (SELECT array_agg(DISTINCT n.user_id) FROM new_rows n));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER revoked_sessions_notify AFTER INSERT ON revoked_sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ops_sessions_revoked();
