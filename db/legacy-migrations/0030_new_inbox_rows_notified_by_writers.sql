-- Hand-written: drizzle does not manage triggers or functions.
--
-- New inbox rows are announced to the live streams by the writer that inserts them (firing,
-- escalation, a silence's release, a deactivated person's handover), in its transaction, through
-- lib/realtime/notify.ts: one statement planned once, where the trigger replanned its watchers'
-- walk up the management chain on every call (about 1.3 ms of database time per alert fired).
-- ops_team_watchers stays for the trigger on alert updates.
DROP TRIGGER IF EXISTS alert_recipients_notify_insert ON alert_recipients;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_recipients_inserted();
