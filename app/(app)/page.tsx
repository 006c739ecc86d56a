import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { db } from '@/db/client';
import { listOpenAlertGroups, teamMembers, toTeamPeople } from '@/lib/alerts/open';
import { alertVisibility } from '@/lib/alerts/visibility';
import { requirePageViewer } from '@/lib/auth/viewer';
import { toAssignable } from '@/lib/complaints/assignees';
import { parseTeamFilters, teamKeys, teamQuery } from '@/lib/hooks/team-view';
import { Headline } from '@/components/analytics/headline';
import { TeamViewClient, type TeamScope } from './team-view-client';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Open alerts · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/`: the team view — where managers and admins land; staff see their own open alerts here. */
export default async function TeamPage({ searchParams }: Props) {
  const viewer = await requirePageViewer('alerts.read');
  const filters = parseTeamFilters(await searchParams);
  const queryClient = new QueryClient();
  const [members] = await Promise.all([
    teamMembers(db, viewer),
    // the first page under the client's own key: rows render at once, then stay live
    queryClient.prefetchInfiniteQuery({
      queryKey: teamKeys.view(filters),
      queryFn: () => listOpenAlertGroups(db, viewer, teamQuery(filters)),
      initialPageParam: null as string | null,
    }),
  ]);
  const people = toTeamPeople(members);
  const scope: TeamScope = alertVisibility(viewer) === 'all' ? 'all' : people.length > 1 ? 'team' : 'own';
  // a lead's assign menu opens with its choices at once, from the same look at the team
  if (scope !== 'own') queryClient.setQueryData(teamKeys.assignees, { people: toAssignable(members) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* leads: their numbers at a glance, loaded after the page (the open alerts come first) */}
      {scope !== 'own' && (
        <div className="mb-4">
          <Headline />
        </div>
      )}
      <TeamViewClient viewer={{ id: viewer.id, name: viewer.name }} people={people} scope={scope} />
    </HydrationBoundary>
  );
}
