import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { JobList } from '@/components/admin/job-list';
import { db } from '@/db/client';
import { jobsOverview } from '@/lib/admin/jobs';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Jobs · Ops Alerts' };

export default async function JobsPage() {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  const { jobs } = await jobsOverview(db, viewer);
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Jobs</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The scheduled checks and housekeeping: when they last ran, how it went, when they run next.</p>
      </div>
      <JobList jobs={jobs} />
    </div>
  );
}
