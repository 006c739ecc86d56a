import { db } from '@/db/client';
import { withCronSecret } from '@/lib/api/handler';
import { json, problem } from '@/lib/api/problem';
import { heartbeatAfterSuccess } from '@/lib/cron/heartbeat';
import { runCronJob } from '@/lib/cron/run';

export const dynamic = 'force-dynamic';

// GET /api/cron/{job} — Vercel-style cron trigger (Authorization: Bearer $CRON_SECRET)
export const GET = withCronSecret(async ({ params }) => {
  const summary = await runCronJob(db, String(params.job));
  if (!summary) return problem(404, 'Not Found', `No cron job named ${String(params.job)}`);
  // each successful cron call is a scheduler pass: tell the outside monitor (HEARTBEAT_URL)
  if (summary.status === 'succeeded') heartbeatAfterSuccess();
  return json(summary, summary.status === 'failed' ? 500 : 200);
});
