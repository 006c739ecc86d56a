'use client';

import { useMutation, useMutationState, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InboxAlert } from '@/lib/alerts/inbox';
import type { AlertDetail } from '@/lib/validation/alert-responses';
import type { SnoozeBody } from '@/lib/validation/alerts';
import { patchCachedAlerts, PATCHES, restoreAlerts, snapshotAlerts, snoozePatch, unsnoozePatch, type AlertPatch } from './alert-cache';
import {
  alertKeys,
  AlertsRequestError,
  fetchAlertDetail,
  postAssignComplaint,
  postBulk,
  postLifecycle,
  postMarkAllRead,
  postSnooze,
  putInboxAction,
  type InboxAction,
  type LifecycleAction,
} from './alerts-api';

export type AlertCommand =
  | { kind: InboxAction }
  | { kind: LifecycleAction; note?: string }
  | { kind: 'snooze'; snooze: SnoozeBody }
  // ends a snooze; the alerts in restoreUnread were unread before it and become unread again
  | { kind: 'unsnooze'; restoreUnread: number[] };
export type CommandVars = { alerts: InboxAlert[]; command: AlertCommand };
type CommandResult = { detail?: AlertDetail; skipped: number };

const patchOf = (c: AlertCommand): AlertPatch =>
  c.kind === 'snooze' ? snoozePatch(c.snooze) : c.kind === 'unsnooze' ? unsnoozePatch(new Set(c.restoreUnread)) : PATCHES[c.kind];

async function runCommand({ alerts, command }: CommandVars): Promise<CommandResult> {
  const ids = alerts.map((a) => a.id);
  const one = alerts.length === 1 ? alerts[0]! : null;
  switch (command.kind) {
    case 'read':
    case 'unread':
    case 'dismiss':
      if (!one) return { skipped: (await postBulk(command.kind, ids)).skipped };
      await putInboxAction(one.id, command.kind);
      return { skipped: 0 };
    case 'undismiss':
      if (!one) return { skipped: (await postBulk('undismiss', ids)).skipped };
      await putInboxAction(one.id, 'undismiss');
      return { skipped: 0 };
    case 'snooze':
      if (!one) return { skipped: (await postBulk('snooze', ids, command.snooze)).skipped };
      await postSnooze(one.id, command.snooze);
      return { skipped: 0 };
    case 'unsnooze': {
      // unread also ends a snooze: one request for what goes back to unread, one for what stays read
      const unread = new Set(command.restoreUnread);
      const back = ids.filter((id) => unread.has(id));
      const stay = ids.filter((id) => !unread.has(id));
      const results = await Promise.all([back.length ? postBulk('unread', back) : null, stay.length ? postBulk('unsnooze', stay) : null]);
      return { skipped: results.reduce((n, r) => n + (r?.skipped ?? 0), 0) };
    }
    case 'acknowledge':
    case 'resolve': {
      // acknowledging also reads it for the one who acknowledges (server-side, same statement)
      if (one) return { detail: await postLifecycle(one.id, command.kind, command.note), skipped: 0 };
      return { skipped: (await postBulk(command.kind, ids)).skipped };
    }
  }
}

/** Every alert mutation settles by refetching the alert caches, but only the last one in flight does. */
function settle(queryClient: QueryClient) {
  if (queryClient.isMutating({ mutationKey: alertKeys.all }) === 1) void queryClient.invalidateQueries({ queryKey: alertKeys.all });
}

const WHO = (u: { name: string } | null) => (u ? ` by ${u.name}` : '');

/** A sentence for a failed action; for a 409 it says who got there first. */
export async function describeFailure(queryClient: QueryClient, error: unknown, vars: CommandVars): Promise<string> {
  const status = error instanceof AlertsRequestError ? error.status : 0;
  const one = vars.alerts.length === 1 ? vars.alerts[0]! : null;
  if (status === 409 && one) {
    const now = await queryClient
      .fetchQuery({ queryKey: alertKeys.detail(one.id), queryFn: () => fetchAlertDetail(one.id), staleTime: 0 })
      .catch(() => null);
    if (now?.status === 'resolved') return `Already resolved${WHO(now.resolved_by)}`;
    if (now?.status === 'acknowledged') return `Already acknowledged${WHO(now.acknowledged_by)}`;
  }
  if (status === 404) return 'That alert is no longer in your inbox.';
  if (status === 401) return 'Your session has ended. Reload the page to sign in again.';
  const message = error instanceof Error ? error.message : 'unknown error';
  return `That change didn’t save (${message}). It has been undone.`;
}

type CommandOptions = {
  onDone?: (vars: CommandVars, result: CommandResult) => void;
  onFailure?: (message: string, vars: CommandVars) => void;
};

/**
 * Read / unread / dismiss / restore / acknowledge / resolve / snooze one alert or many (bulk),
 * optimistically: the rows, the bell and the detail view change at once and roll back on failure.
 */
export function useAlertCommand(opts: CommandOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: alertKeys.all,
    mutationFn: runCommand,
    onMutate: async (vars) => {
      await queryClient.cancelQueries({ queryKey: alertKeys.all });
      const snapshot = snapshotAlerts(queryClient);
      patchCachedAlerts(queryClient, new Set(vars.alerts.map((a) => a.id)), patchOf(vars.command), vars.alerts);
      return { snapshot };
    },
    onSuccess: (result, vars) => {
      if (result.detail) queryClient.setQueryData(alertKeys.detail(result.detail.id), result.detail);
      opts.onDone?.(vars, result);
    },
    onError: async (error, vars, context) => {
      restoreAlerts(queryClient, context?.snapshot);
      opts.onFailure?.(await describeFailure(queryClient, error, vars), vars);
    },
    onSettled: () => settle(queryClient),
  });
}

const isCommandVars = (v: unknown): v is CommandVars => typeof v === 'object' && v !== null && 'alerts' in v && 'command' in v;

/**
 * The alerts with a change on its way to the server, and which: their buttons show it and stay
 * disabled until it lands, so a second click cannot send it twice.
 */
export function usePendingCommands(): ReadonlyMap<number, AlertCommand['kind']> {
  const pending = useMutationState({
    filters: { mutationKey: alertKeys.all, status: 'pending' },
    select: (m) => m.state.variables,
  });
  return useMemo(() => {
    const byAlert = new Map<number, AlertCommand['kind']>();
    for (const vars of pending) if (isCommandVars(vars)) for (const a of vars.alerts) byAlert.set(a.id, vars.command.kind);
    return byAlert;
  }, [pending]);
}

/** Everything unread in the viewer's inbox becomes read; the bell drops to zero at once. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: alertKeys.all,
    mutationFn: postMarkAllRead,
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: alertKeys.all });
      const snapshot = snapshotAlerts(queryClient);
      patchCachedAlerts(queryClient, 'all', PATCHES.read);
      return { snapshot };
    },
    onError: (_error, _vars, context) => restoreAlerts(queryClient, context?.snapshot),
    onSettled: () => settle(queryClient),
  });
}

/** "Assign to me" on a complaint the alert is about; the detail view shows the new assignee when it lands. */
export function useAssignComplaint(alertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: alertKeys.all,
    mutationFn: (complaintId: number) => postAssignComplaint(complaintId),
    onSuccess: (result) => {
      queryClient.setQueryData<AlertDetail>(alertKeys.detail(alertId), (old) =>
        old?.resource?.complaint ? { ...old, resource: { ...old.resource, complaint: { ...old.resource.complaint, assignee: result.assignee } } } : old,
      );
    },
    onSettled: () => settle(queryClient),
  });
}
