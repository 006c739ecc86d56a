import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DeliveryTable } from '@/components/admin/delivery-table';
import { db } from '@/db/client';
import { listDeliveries } from '@/lib/admin/deliveries';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { deliveriesQuerySchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deliveries · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DeliveriesPage({ searchParams }: Props) {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  const raw = await searchParams;
  // filters come from the URL (shareable); anything unknown is ignored rather than an error page
  const parsed = deliveriesQuerySchema.safeParse({ status: raw.status, channel: raw.channel });
  const filters = parsed.success ? parsed.data : deliveriesQuerySchema.parse({});
  const page = await listDeliveries(db, viewer, filters);
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Deliveries</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Every email, Slack message and webhook: what went out, what is waiting to retry, what gave up and why.</p>
      </div>
      <DeliveryTable key={`${filters.status}-${filters.channel}`} initial={page} status={filters.status ?? null} channel={filters.channel ?? null} />
    </div>
  );
}
