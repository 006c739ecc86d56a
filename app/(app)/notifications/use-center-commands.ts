'use client';

import { useCallback } from 'react';
import type { Notice } from '@/components/notifications/action-notice';
import type { BulkKind } from '@/components/notifications/selection-bar';
import { DEFAULT_SNOOZE, SNOOZE_OPTIONS } from '@/components/notifications/snooze-menu';
import type { InboxAlert } from '@/lib/alerts/inbox';
import type { CenterTab } from '@/lib/hooks/center-filters';
import { useAlertCommand, type AlertCommand, type CommandVars } from '@/lib/hooks/use-alert-mutations';
import type { SnoozeBody } from '@/lib/validation/alerts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function doneMessage({ alerts, command }: CommandVars, skipped: number, undo: (() => void) | undefined): Notice | null {
  const n = alerts.length;
  switch (command.kind) {
    case 'dismiss':
      return { tone: 'info', text: n === 1 ? 'Dismissed' : `${n} dismissed`, undo };
    case 'undismiss':
      return { tone: 'info', text: n === 1 ? 'Restored to the inbox' : `${n} restored to the inbox` };
    case 'snooze': {
      const label = SNOOZE_OPTIONS.find((o) => JSON.stringify(o.body) === JSON.stringify(command.snooze))?.label.toLowerCase();
      const what = n - skipped === 1 ? 'Snoozed' : `${n - skipped} snoozed`;
      if (n - skipped === 0) return { tone: 'info', text: n === 1 ? 'Already resolved: nothing to wait for' : 'All of these are already resolved' };
      return { tone: 'info', text: `${what} ${label === 'until resolved' ? label : `for ${label ?? 'a while'}`}`, undo };
    }
    case 'unsnooze':
      return { tone: 'info', text: n === 1 ? 'Snooze ended' : `${n} snoozes ended` };
    case 'acknowledge':
    case 'resolve': {
      if (n === 1 && !skipped) return null;
      const verb = command.kind === 'acknowledge' ? 'acknowledged' : 'resolved';
      return { tone: 'info', text: `${plural(n - skipped, 'alert')} ${verb}${skipped ? ` · ${skipped} already ${verb} or closed` : ''}` };
    }
    default:
      return n > 1 ? { tone: 'info', text: `${plural(n, 'notification')} marked ${command.kind}` } : null;
  }
}

/**
 * What the center's keys, row buttons and bulk bar do: one optimistic mutation per action, a
 * short notice afterwards (with Undo for a dismiss or a snooze), and a plain sentence when it fails.
 */
export function useCenterCommands(tab: CenterTab, show: (n: Notice) => void) {
  const mutation = useAlertCommand({
    onDone: (vars, result) => {
      const message = doneMessage(vars, result.skipped, undoOf(vars));
      if (message) show(message);
    },
    onFailure: (text) => show({ tone: 'error', text }),
  });
  const { mutate } = mutation;

  /** Undo for a dismiss or a snooze; it starts from the changed state, so the unread count moves back at once. */
  function undoOf({ alerts, command }: CommandVars): (() => void) | undefined {
    if (command.kind === 'dismiss') {
      return () => mutation.mutate({ alerts: alerts.map((a) => ({ ...a, is_dismissed: true })), command: { kind: 'undismiss' } });
    }
    if (command.kind === 'snooze') {
      const restoreUnread = alerts.filter((a) => !a.is_read).map((a) => a.id);
      const snoozed = alerts.map((a) => ({ ...a, is_read: true, snoozed_until_resolved: Boolean(command.snooze.until_resolved), snoozed_until: a.snoozed_until ?? (command.snooze.until_resolved ? null : new Date().toISOString()) }));
      return () => mutation.mutate({ alerts: snoozed, command: { kind: 'unsnooze', restoreUnread } });
    }
    return undefined;
  }

  const run = useCallback(
    (alerts: InboxAlert[], command: AlertCommand) => {
      if (alerts.length) mutate({ alerts, command });
    },
    [mutate],
  );

  /** The r / a / s / e keys and the bulk bar, on a set of alerts. */
  const act = useCallback(
    (key: 'r' | 'a' | 's' | 'e' | BulkKind, alerts: InboxAlert[], snooze: SnoozeBody = DEFAULT_SNOOZE) => {
      if (!alerts.length) return;
      if (key === 'r') return run(alerts, { kind: alerts.every((a) => a.is_read) ? 'unread' : 'read' });
      if (key === 'read') return run(alerts.filter((a) => !a.is_read), { kind: 'read' });
      if (key === 's' || key === 'snooze') return run(alerts, { kind: 'snooze', snooze });
      if (key === 'resolve') {
        const open = alerts.filter((a) => a.status !== 'resolved');
        if (!open.length) return show({ tone: 'info', text: alerts.length === 1 ? 'Already resolved' : 'All of these are already resolved' });
        return run(open, { kind: 'resolve' });
      }
      if (key === 'e' || key === 'dismiss' || key === 'undismiss') return run(alerts, { kind: tab === 'dismissed' ? 'undismiss' : 'dismiss' });
      const firing = alerts.filter((a) => a.status === 'firing');
      if (!firing.length) return show({ tone: 'info', text: alerts.length === 1 ? `Already ${alerts[0]!.status}` : 'None of these is still firing' });
      run(firing, { kind: 'acknowledge' });
    },
    [run, show, tab],
  );

  return { run, act };
}
