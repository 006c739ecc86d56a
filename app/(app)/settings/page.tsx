import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { db } from '@/db/client';
import { getPreferences } from '@/lib/alerts/preferences';
import { listSubscriptions } from '@/lib/alerts/subscriptions';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { channelSetup } from '@/lib/delivery/config';
import { alertKeys } from '@/lib/hooks/alerts-api';
import { SettingsClient } from './settings-client';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Notification settings · Ops Alerts' };

export default async function SettingsPage() {
  const viewer = await requireViewer();
  const queryClient = new QueryClient();
  await Promise.all([
    queryClient.prefetchQuery({ queryKey: alertKeys.preferences, queryFn: () => getPreferences(db, viewer) }),
    queryClient.prefetchQuery({ queryKey: alertKeys.subscriptions, queryFn: () => listSubscriptions(db, viewer) }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <SettingsClient email={viewer.email} name={viewer.name} admin={can(viewer, 'alerts.manage')} channels={channelSetup()} />
    </HydrationBoundary>
  );
}
