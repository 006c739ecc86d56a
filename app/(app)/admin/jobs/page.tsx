import type { Metadata } from 'next';
import { JobList } from '@/components/admin/job-list';
import { db } from '@/db/client';
import { jobsOverview } from '@/lib/admin/jobs';
import { requirePageViewer } from '@/lib/auth/viewer';
import { PageHeader } from '@/components/admin/page-header';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Jobs · Ops Alerts' };

export default async function JobsPage() {
  const viewer = await requirePageViewer('alerts.manage');
  const { jobs } = await jobsOverview(db, viewer);
  return (
    <div className="space-y-3">
      <PageHeader title="Jobs">The scheduled checks and housekeeping: when they last ran, how it went, when they run next.</PageHeader>
      <JobList jobs={jobs} />
    </div>
  );
}
