import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db/client';
import { getAlert } from '@/lib/alerts/detail';
import { ApiError } from '@/lib/api/problem';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { channelSetup } from '@/lib/delivery/config';
import { alertKeys } from '@/lib/hooks/alerts-api';
import { alertIdSchema } from '@/lib/validation/alerts';
import { AlertDetailClient } from './alert-detail-client';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alert · Ops Alerts' };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = alertIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const queryClient = new QueryClient();
  // getAlert scopes by the viewer: someone else's alert is a 404 like a missing one
  const found = await queryClient
    .fetchQuery({ queryKey: alertKeys.detail(id.data), queryFn: () => getAlert(db, viewer, id.data) })
    .then(() => true)
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    });
  if (!found) notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AlertDetailClient id={id.data} viewerId={viewer.id} canManage={can(viewer, 'alerts.manage')} channels={channelSetup()} />
    </HydrationBoundary>
  );
}
