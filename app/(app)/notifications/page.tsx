import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { db } from '@/db/client';
import { listAlertsByCursor } from '@/lib/alerts/inbox';
import { requireViewer } from '@/lib/auth/viewer';
import { alertKeys, FEED_PAGE_SIZE, FEED_START } from '@/lib/hooks/alerts-api';
import { feedQuery, parseCenterFilters } from '@/lib/hooks/center-filters';
import { NotificationsClient } from './notifications-client';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Notifications · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NotificationsPage({ searchParams }: Props) {
  const viewer = await requireViewer();
  const filters = parseCenterFilters(await searchParams);
  const queryClient = new QueryClient();
  // the first page under the client's own key: the feed renders with data, then pages on from next_cursor
  await queryClient.prefetchInfiniteQuery({
    queryKey: alertKeys.feed(filters),
    queryFn: () => listAlertsByCursor(db, viewer, { ...feedQuery(filters, FEED_START, FEED_PAGE_SIZE), page: 1 }),
    initialPageParam: FEED_START,
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <NotificationsClient />
    </HydrationBoundary>
  );
}
