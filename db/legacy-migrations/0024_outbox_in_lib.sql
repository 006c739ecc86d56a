-- Hand-written: drizzle does not manage triggers or functions. Its snapshot (meta/0024) is the
-- whole schema of db/schema.ts as generated, so that `drizzle-kit generate` writes nothing new:
-- the tables, columns, indexes and checks of 0018 and 0020-0023 were made by hand-written
-- migrations that kept no snapshot.
--
-- The outbox is no longer filled by a trigger on alert_events: the writer of an alert's timeline
-- event queues its deliveries itself, in the same transaction, through one policy in
-- lib/delivery/policy.ts (who is told, on which channel, when), which the rule editor's backtest
-- reads too. ops_quiet_until stays: the policy and the digest job call it.
DROP TRIGGER IF EXISTS alert_events_enqueue_deliveries ON alert_events;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ops_enqueue_deliveries();
