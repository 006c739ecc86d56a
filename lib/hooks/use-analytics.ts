'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Analytics } from '@/lib/analytics/analytics';
import { viewQuery, type AnalyticsView } from '@/lib/analytics/view';
import { request } from './alerts-api';

export const analyticsKey = (view: AnalyticsView) => ['analytics', view.range, view.bucket, view.team ?? 'all'] as const;

async function fetchAnalytics(view: AnalyticsView, signal?: AbortSignal): Promise<Analytics> {
  return (await request(`/api/v1/alerts/analytics?${new URLSearchParams(viewQuery(view))}`, { signal })).json();
}

/** The charts' data for a view; the previous view's stays on screen (dimmed) while the next loads. */
export const useAnalytics = (view: AnalyticsView, initial: Analytics | undefined) =>
  useQuery({
    queryKey: analyticsKey(view),
    queryFn: ({ signal }) => fetchAnalytics(view, signal),
    initialData: initial,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
