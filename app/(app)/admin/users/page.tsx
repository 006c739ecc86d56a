import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { PeopleManager } from '@/components/admin/people-manager';
import { db } from '@/db/client';
import { listUsers } from '@/lib/admin/users';
import { requirePageViewer } from '@/lib/auth/viewer';
import { DEFAULT_PEOPLE_FILTERS, MANAGER_OPTIONS_QUERY, peopleKeys, peopleQuery, toManagerOptions } from '@/lib/hooks/people-api';
import { listUsersQuerySchema } from '@/lib/validation/users';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'People · Ops Alerts' };

export default async function PeoplePage() {
  const viewer = await requirePageViewer('alerts.manage');
  const queryClient = new QueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery({
      queryKey: peopleKeys.list(DEFAULT_PEOPLE_FILTERS),
      queryFn: () => listUsers(db, viewer, listUsersQuerySchema.parse(peopleQuery(DEFAULT_PEOPLE_FILTERS))),
      initialPageParam: undefined as string | undefined,
    }),
    queryClient.prefetchQuery({
      queryKey: peopleKeys.managers,
      queryFn: async () => toManagerOptions(await listUsers(db, viewer, listUsersQuerySchema.parse(MANAGER_OPTIONS_QUERY))),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <PeopleManager viewerId={viewer.id} />
    </HydrationBoundary>
  );
}
