-- Hand-written: drizzle does not manage functions.
--
-- When a message may go is decided in lib/delivery/local-time.ts, a pure module with its own unit
-- tests: the end of a person's quiet hours (for the delivery policy and the hourly digest) and the
-- start of a digest period in the person's time zone. The PL/pgSQL copies are no longer called.
DROP FUNCTION IF EXISTS ops_quiet_until(text, text, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_digest_period_start(text, integer, text, timestamptz);
