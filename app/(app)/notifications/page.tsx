import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { db } from '@/db/client';
import { listAlerts } from '@/lib/alerts/inbox';
import { requireViewer } from '@/lib/auth/viewer';
import { alertKeys, centerParams } from '@/lib/hooks/alerts-api';
import { NotificationsClient } from './notifications-client';

export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const viewer = await requireViewer();
  const params = centerParams();
  const queryClient = new QueryClient();
  // same key as the client's first query, so the list renders with data and no loading flash
  await queryClient.prefetchQuery({ queryKey: alertKeys.list(params), queryFn: () => listAlerts(db, viewer, params) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <NotificationsClient />
    </HydrationBoundary>
  );
}
