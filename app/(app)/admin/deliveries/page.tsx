import type { Metadata } from 'next';
import { DeliveryTable } from '@/components/admin/delivery-table';
import { db } from '@/db/client';
import { listDeliveries } from '@/lib/admin/deliveries';
import { requirePageViewer } from '@/lib/auth/viewer';
import { channelSetup } from '@/lib/delivery/config';
import { deliveriesQuerySchema } from '@/lib/validation/admin';
import { PageHeader } from '@/components/admin/page-header';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deliveries · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DeliveriesPage({ searchParams }: Props) {
  const viewer = await requirePageViewer('alerts.manage');
  const raw = await searchParams;
  // filters come from the URL (shareable); anything unknown is ignored rather than an error page
  const parsed = deliveriesQuerySchema.safeParse({ status: raw.status, channel: raw.channel });
  const filters = parsed.success ? parsed.data : deliveriesQuerySchema.parse({});
  const page = await listDeliveries(db, viewer, filters);
  return (
    <div className="space-y-3">
      <PageHeader title="Deliveries">Every email, Slack message and webhook: what went out, what is waiting to retry, what gave up and why.</PageHeader>
      <DeliveryTable key={`${filters.status}-${filters.channel}`} initial={page} status={filters.status ?? null} channel={filters.channel ?? null} channels={channelSetup()} />
    </div>
  );
}
