import { db } from '@/db/client';
import { json, problem } from '@/lib/api/problem';
import { cronHealth } from '@/lib/cron/health';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health — 200 while the app and its database answer; `status: "degraded"` with the late
 * cron jobs in `late_jobs` when a job has not succeeded in time (still 200: a restart or taking the
 * instance out of the load balancer would not bring a job back). 503 when the database is away.
 */
export async function GET() {
  try {
    const cron = await cronHealth(db);
    return json({ status: cron.status, database: 'ok', time: new Date().toISOString(), late_jobs: cron.late_jobs, jobs: cron.jobs });
  } catch {
    return problem(503, 'Service Unavailable', 'Database unreachable');
  }
}
