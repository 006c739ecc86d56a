'use client';

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OpenAlertGroup, OpenAlertGroups } from '@/lib/validation/open-alerts';
import { SEVERITIES } from '@/db/schema';
import { alertKeys, AlertsRequestError, postAssignComplaint, postLifecycle } from './alerts-api';
import { fetchAssignablePeople, fetchOpenAlertGroups, teamKeys, type TeamFilters } from './team-view';

type Person = { id: number; name: string };

/** The team view, keyset-paged; the server prefetches the first page under the same key. */
export function useOpenAlertGroups(filters: TeamFilters) {
  return useInfiniteQuery({
    queryKey: teamKeys.view(filters),
    queryFn: ({ pageParam, signal }) => fetchOpenAlertGroups(filters, pageParam ?? undefined, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // a new filter keeps the old rows (dimmed) until the new ones arrive: no collapse, no jump
    placeholderData: keepPreviousData,
  });
}

/**
 * Whom the viewer may assign complaints to (GET /api/v1/team; the page prefetches it for leads).
 * Off for staff: they only take complaints themselves.
 */
export function useAssignablePeople(enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.assignees,
    queryFn: ({ signal }) => fetchAssignablePeople(signal),
    enabled,
    staleTime: 5 * 60_000,
    select: (d) => d.people,
  });
}

/** What a row can do: acknowledge or resolve some of its alerts, or assign the complaint (no assignee: to the viewer). */
export type TeamAction = { kind: 'acknowledge' | 'resolve'; alertIds: number[] } | { kind: 'assign'; complaintId: number; assignee?: Person };

export const groupKey = (g: OpenAlertGroup) => `${g.resource.type}:${g.resource.id}`;

async function runTeamAction(action: TeamAction): Promise<void> {
  if (action.kind === 'assign') {
    await postAssignComplaint(action.complaintId, action.assignee?.id);
    return;
  }
  // one request per alert (each is its own conditional update); the first refusal is the one reported
  const results = await Promise.allSettled(action.alertIds.map((id) => postLifecycle(id, action.kind)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The change the server is expected to make, applied to every cached page of the team view at once. */
export function patchGroups(queryClient: QueryClient, key: string, action: TeamAction, actor: Person): void {
  const now = new Date().toISOString();
  const patch = (g: OpenAlertGroup): OpenAlertGroup | null => {
    if (groupKey(g) !== key) return g;
    if (action.kind === 'assign') return { ...g, owner: action.assignee ?? actor };
    const ids = new Set(action.alertIds);
    if (action.kind === 'resolve') {
      const alerts = g.alerts.filter((a) => !ids.has(a.id));
      if (!alerts.length) return null;
      const worst = SEVERITIES[Math.max(...alerts.map((a) => SEVERITIES.indexOf(a.severity)))]!;
      return { ...g, alerts, worst_severity: worst };
    }
    return {
      ...g,
      alerts: g.alerts.map((a) => (ids.has(a.id) && a.status === 'firing' ? { ...a, status: 'acknowledged', acknowledged_by: actor, acknowledged_at: now } : a)),
    };
  };
  for (const [queryKey, data] of queryClient.getQueriesData<InfiniteData<OpenAlertGroups>>({ queryKey: teamKeys.all })) {
    if (!data) continue;
    queryClient.setQueryData<InfiniteData<OpenAlertGroups>>(queryKey, {
      ...data,
      pages: data.pages.map((p) => ({ ...p, groups: p.groups.map(patch).filter((g): g is OpenAlertGroup => g !== null) })),
    });
  }
}

type Conflict = { alert_status?: string; acknowledged_by?: Person | null; resolved_by?: Person | null };
const by = (p: Person | null | undefined) => (p ? ` by ${p.name}` : '');

/** A failed action in words; a 409 says who got there first. */
export function describeTeamFailure(error: unknown, action: TeamAction): string {
  if (error instanceof AlertsRequestError) {
    const conflict = error.problem as Conflict;
    if (error.status === 409 && action.kind !== 'assign') {
      if (conflict.alert_status === 'resolved') return `Already resolved${by(conflict.resolved_by)}.`;
      if (conflict.alert_status === 'acknowledged') return `Already acknowledged${by(conflict.acknowledged_by)}.`;
    }
    if (error.status === 409) return `${error.message}.`;
    if (error.status === 404) return action.kind === 'assign' ? 'You can’t take this complaint.' : 'That alert is no longer visible to you.';
    if (action.kind === 'assign' && action.assignee) {
      if (error.status === 403) return `You can’t assign it to ${action.assignee.name}: only to yourself or someone in your team.`;
      if (error.status === 422) return `${action.assignee.name} is no longer active: pick someone else.`;
    }
    if (error.status === 401) return 'Your session has ended. Reload the page to sign in again.';
  }
  return `That didn’t save (${error instanceof Error ? error.message : 'unknown error'}). Nothing changed.`;
}

/**
 * One row's actions, optimistic: the row changes at once (pending until the server answers), rolls
 * back on failure with the reason in words, and every alert cache refetches when the last action settles.
 */
export function useTeamAction(key: string, actor: Person) {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const mutation = useMutation({
    mutationKey: alertKeys.all,
    mutationFn: runTeamAction,
    onMutate: async (action) => {
      setFailure(null);
      await queryClient.cancelQueries({ queryKey: teamKeys.all });
      const snapshot = queryClient.getQueriesData({ queryKey: teamKeys.all });
      patchGroups(queryClient, key, action, actor);
      return { snapshot };
    },
    onError: (error, action, context) => {
      for (const [queryKey, data] of context?.snapshot ?? []) queryClient.setQueryData(queryKey, data);
      setFailure(describeTeamFailure(error, action));
      // someone left or moved teams: the menu's choices are out of date
      if (action.kind === 'assign' && error instanceof AlertsRequestError && (error.status === 403 || error.status === 422)) {
        void queryClient.invalidateQueries({ queryKey: teamKeys.assignees });
      }
    },
    onSettled: () => {
      if (queryClient.isMutating({ mutationKey: alertKeys.all }) === 1) void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    },
  });
  return { ...mutation, failure, clearFailure: () => setFailure(null) };
}
