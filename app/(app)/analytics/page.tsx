import type { Metadata } from 'next';
import { AnalyticsClient } from '@/components/analytics/analytics-client';
import { PageHeader } from '@/components/admin/page-header';
import { db } from '@/db/client';
import { alertAnalytics, analyticsQuerySchema, chartableLeads } from '@/lib/analytics/analytics';
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
  const [initial, leads] = await Promise.all([alertAnalytics(db, viewer, analyticsQuerySchema.parse(viewQuery(view))), chartableLeads(db, viewer)]);
  return (
    <div className="space-y-4">
      <PageHeader title="Analytics">Is the alerting helping? Load, response times, SLA and noise over time.</PageHeader>
      <AnalyticsClient view={view} initial={initial} leads={leads} />
    </div>
  );
}
