import type { Metadata } from 'next';
import { sql } from 'drizzle-orm';
import { AnalyticsClient } from '@/components/analytics/analytics-client';
import { PageHeader } from '@/components/admin/page-header';
import { db } from '@/db/client';
import { alertAnalytics, analyticsQuerySchema } from '@/lib/analytics/analytics';
import { parseView, viewQuery } from '@/lib/analytics/view';
import { can } from '@/lib/auth/permissions';
import { requirePageViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Analytics · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Load, response and noise over time: admins see everyone (or one lead's team), anyone else their own team. */
export default async function AnalyticsPage({ searchParams }: Props) {
  const viewer = await requirePageViewer('alerts.read');
  const manage = can(viewer, 'alerts.manage');
  const view = parseView(await searchParams);
  if (!manage) view.team = null;
  const initial = await alertAnalytics(db, viewer, analyticsQuerySchema.parse(viewQuery(view)));
  // the leads an admin can pick: anyone someone reports to
  const leads = manage
    ? (await db.execute<{ id: number; name: string }>(sql`
        select u.id, u.name from users u where u.is_active and exists (select 1 from users r where r.manager_id = u.id) order by u.name limit 200`)).map((l) => ({ id: Number(l.id), name: l.name }))
    : null;
  return (
    <div className="space-y-4">
      <PageHeader title="Analytics">Is the alerting helping? Load, response times, SLA and noise over time.</PageHeader>
      <AnalyticsClient view={view} initial={initial} leads={leads} />
    </div>
  );
}
