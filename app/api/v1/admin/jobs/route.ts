import { db } from '@/db/client';
import { jobsOverview } from '@/lib/admin/jobs';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

// GET /api/v1/admin/jobs — every cron job: schedule, next run, late or not, last success, last ten runs
export const GET = withAuth('alerts.manage', async ({ viewer }) => json(await jobsOverview(db, viewer)));
