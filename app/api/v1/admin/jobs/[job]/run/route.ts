import { z } from 'zod';
import { db } from '@/db/client';
import { runJobNow } from '@/lib/admin/jobs';
import { withAuth } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

const jobName = z.string().regex(/^[a-z][a-z0-9-]{0,49}$/, 'a job name');

// POST /api/v1/admin/jobs/{job}/run — run a job now, as its cron would; the run's summary
export const POST = withAuth('alerts.manage', async ({ viewer, params }) => json(await runJobNow(db, viewer, jobName.parse(params.job))));
