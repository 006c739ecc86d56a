import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { cronHealth } from '@/lib/cron/health';
import { inboxHub } from '@/lib/realtime/hub';

const OUTBOX = sql`status in ('pending', 'failed', 'sending')`;

/** One count over the partial index of what is due or waiting (deliveries_due_idx). */
export async function outboxDepth(): Promise<{ status: string; n: number }[]> {
  return db.execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from deliveries where ${OUTBOX} group by status`);
}

/** The first entry of the same index. */
export async function oldestDueAgeSeconds(): Promise<number> {
  const [row] = await db.execute<{ s: number }>(sql`
    select coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::float8 as s
      from deliveries where ${OUTBOX} and next_attempt_at <= now()`);
  return row?.s ?? 0;
}

/** The same read as GET /api/health: one statement over the (job, started_at) index. */
export async function jobLastSuccess(): Promise<{ job: string; at: number | null }[]> {
  const { jobs } = await cronHealth(db);
  return jobs.map((j) => ({ job: j.job, at: j.last_success_at ? Date.parse(j.last_success_at) / 1000 : null }));
}

export async function liveStreams(): Promise<number> {
  return inboxHub.connections;
}
