import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ApiTokens } from '@/components/settings/api-tokens';
import { db } from '@/db/client';
import { listPersonalTokens } from '@/lib/auth/personal-tokens';
import { requireViewer } from '@/lib/auth/viewer';
import { deliveryConfig } from '@/lib/delivery/config';
import { tokenKeys } from '@/lib/hooks/people-api';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens · Ops Alerts' };

export default async function TokensPage() {
  const viewer = await requireViewer();
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: tokenKeys.all, queryFn: () => listPersonalTokens(db, viewer) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ApiTokens permissions={viewer.permissions} appUrl={deliveryConfig().appUrl} />
    </HydrationBoundary>
  );
}
