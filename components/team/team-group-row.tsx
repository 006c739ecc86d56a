'use client';

import Link from 'next/link';
import { useId, type ReactNode } from 'react';
import { OccurrencesBadge, SeverityBadge, StatusChip } from '@/components/notifications/badges';
import { RelativeTime } from '@/components/notifications/relative-time';
import { SEVERITY_STYLE } from '@/components/notifications/severity';
import { resourceKind } from '@/lib/alerts/resource-label';
import { groupKey, useTeamAction, type TeamAction } from '@/lib/hooks/use-team-view';
import type { AssignablePerson } from '@/lib/validation/complaints';
import type { OpenAlertGroup } from '@/lib/validation/open-alerts';
import { AssignMenu } from './assign-menu';
import { AckCell, EscalationCell, SlaCell } from './group-cells';

type Props = {
  group: OpenAlertGroup;
  now: number;
  viewer: { id: number; name: string };
  /** whom a lead may assign the complaint to (the viewer among them); null for staff, who only take it */
  assignees: AssignablePerson[] | null;
  expanded: boolean;
  onToggle: () => void;
  /** the roving-focus row: the only one in the tab order */
  tabStop: boolean;
  onFocusRow: () => void;
};

const button =
  'inline-flex h-9 items-center justify-center rounded-md px-3 text-sm font-medium whitespace-nowrap ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50 sm:h-8';
const quiet = `${button} text-slate-700 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-600 dark:hover:bg-slate-800`;
const strong = `${button} bg-slate-900 text-white ring-slate-900 hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:ring-slate-100 dark:hover:bg-slate-300`;

const PENDING: Record<TeamAction['kind'], string> = { acknowledge: 'Acknowledging…', resolve: 'Resolving…', assign: 'Assigning…' };

function Cell({ label, children, testId, wide = false, wrap = wide }: { label: string; children: ReactNode; testId: string; wide?: boolean; wrap?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? 'col-span-2 sm:col-span-1' : ''}`}>
      <dt className="text-[11px] font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</dt>
      <dd data-testid={testId} className={`mt-0.5 text-sm ${wrap ? '' : 'truncate'}`}>
        {children}
      </dd>
    </div>
  );
}

/**
 * One affected resource in the team view: severity (colour and word; criticals tinted), what it is,
 * who owns it, who acknowledged and when, escalation, how long it has been open, the SLA countdown,
 * the alerts folded in (expandable), and acknowledge / resolve / assign (a lead: to one of their
 * people; staff: to themselves) acting at once.
 */
export function TeamGroupRow({ group, now, viewer, assignees, expanded, onToggle, tabStop, onFocusRow }: Props) {
  const key = groupKey(group);
  const action = useTeamAction(key, viewer);
  const listId = useId();
  const titleId = useId();
  const worst = group.alerts[0]!;
  const firing = group.alerts.filter((a) => a.status === 'firing').map((a) => a.id);
  const escalation = Math.max(0, ...group.alerts.map((a) => a.escalation_level));
  const complaintId = group.resource.type === 'complaint' && group.sla ? Number(group.resource.id) : null;
  const canHandOn = complaintId !== null && assignees !== null && assignees.length > 1;
  const canTake = complaintId !== null && !canHandOn && group.owner?.id !== viewer.id;
  const critical = group.worst_severity === 'critical';
  const pending = action.isPending ? action.variables : null;
  const tabIndex = tabStop ? 0 : -1;
  const act = (a: TeamAction) => {
    if (!action.isPending) action.mutate(a);
  };

  return (
    <article
      data-testid="team-group"
      data-resource-type={group.resource.type}
      data-resource-id={group.resource.id}
      data-severity={group.worst_severity}
      data-pending={pending ? pending.kind : undefined}
      aria-labelledby={titleId}
      aria-busy={action.isPending}
      tabIndex={tabIndex}
      onFocus={onFocusRow}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onToggle();
        }
      }}
      className={`scroll-mt-32 border-b border-l-4 border-b-slate-200 px-3 py-3 outline-offset-[-2px] last:border-b-0 focus-visible:outline-2 focus-visible:outline-blue-600 sm:px-4 dark:border-b-slate-800 ${SEVERITY_STYLE[group.worst_severity].bar} ${
        critical ? 'bg-red-50/70 dark:bg-red-500/[0.07]' : 'bg-white dark:bg-slate-900'
      } ${action.isPending ? 'opacity-70' : ''}`}
    >
      <div className="flex flex-col gap-2 sm:grid sm:grid-cols-[minmax(0,1fr)_auto] sm:gap-x-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-1.5">
            {critical ? (
              <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-bold tracking-wide uppercase ${SEVERITY_STYLE.critical.solid}`}>Critical</span>
            ) : (
              <SeverityBadge severity={group.worst_severity} />
            )}
            <span className="text-xs font-medium text-slate-500 dark:text-slate-400">{resourceKind(group.resource.type)}</span>
            <button
              type="button"
              data-testid="group-toggle"
              aria-expanded={expanded}
              aria-controls={listId}
              tabIndex={tabIndex}
              onClick={onToggle}
              title={expanded ? 'Hide the alerts' : 'Show the alerts (Enter)'}
              className="inline-flex h-6 items-center gap-1 rounded px-1.5 text-xs font-semibold text-blue-700 ring-1 ring-blue-600/20 ring-inset hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 dark:ring-blue-400/30 dark:hover:bg-blue-500/10"
            >
              <span aria-hidden className={`inline-block transition-transform ${expanded ? 'rotate-90' : ''}`}>
                ▸
              </span>
              {group.alerts.length === 1 ? '1 alert' : `${group.alerts.length} alerts`}
            </button>
          </div>
          <h2 id={titleId} className="mt-1 truncate text-[15px] font-semibold text-slate-900 dark:text-slate-50">
            <Link href={`/alerts/${worst.id}`} tabIndex={tabIndex} data-testid="group-label" className="hover:underline focus-visible:underline">
              {group.resource.label}
            </Link>
          </h2>
          {group.resource.type !== 'alert' && <p className="truncate text-sm text-slate-600 dark:text-slate-400">{worst.title}</p>}
        </div>

        <div className="order-last flex flex-wrap items-start gap-2 sm:order-none sm:justify-end">
          {firing.length > 0 && (
            <button
              type="button"
              data-testid="group-ack"
              tabIndex={tabIndex}
              disabled={action.isPending}
              onClick={() => act({ kind: 'acknowledge', alertIds: firing })}
              className={strong}
            >
              {pending?.kind === 'acknowledge' ? PENDING.acknowledge : firing.length > 1 ? `Acknowledge ${firing.length}` : 'Acknowledge'}
            </button>
          )}
          <button
            type="button"
            data-testid="group-resolve"
            tabIndex={tabIndex}
            disabled={action.isPending}
            onClick={() => act({ kind: 'resolve', alertIds: group.alerts.map((a) => a.id) })}
            className={quiet}
          >
            {pending?.kind === 'resolve' ? PENDING.resolve : 'Resolve'}
          </button>
          {canHandOn && (
            <AssignMenu
              label={group.resource.label}
              viewer={viewer}
              people={assignees}
              owner={group.owner}
              onAssign={(assignee) => act({ kind: 'assign', complaintId: complaintId!, assignee })}
              pending={pending?.kind === 'assign'}
              disabled={action.isPending}
              tabIndex={tabIndex}
              className={quiet}
            />
          )}
          {canTake && (
            <button
              type="button"
              data-testid="group-assign"
              tabIndex={tabIndex}
              disabled={action.isPending}
              onClick={() => act({ kind: 'assign', complaintId: complaintId! })}
              className={quiet}
              title="Assign the complaint to yourself"
            >
              {pending?.kind === 'assign' ? PENDING.assign : 'Assign to me'}
            </button>
          )}
        </div>

        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:col-span-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.5fr)_minmax(0,0.7fr)_minmax(0,0.8fr)_minmax(0,1.6fr)]">
          <Cell label="Owner" testId="group-owner">
            {group.owner ? (
              <span className="font-medium text-slate-800 dark:text-slate-200">{group.owner.id === viewer.id ? `${group.owner.name} (you)` : group.owner.name}</span>
            ) : (
              <span className="text-slate-500 italic dark:text-slate-400">Unowned</span>
            )}
          </Cell>
          <Cell label="Acknowledged" testId="group-acked" wrap>
            <AckCell group={group} now={now} />
          </Cell>
          <Cell label="Escalation" testId="group-escalation">
            <EscalationCell level={escalation} />
          </Cell>
          <Cell label="Opened" testId="group-opened">
            <RelativeTime iso={group.opened_at} now={now} className="tabular-nums text-slate-800 dark:text-slate-200" />
          </Cell>
          <Cell label="SLA" testId="group-sla" wide>
            <SlaCell sla={group.sla} now={now} />
          </Cell>
        </dl>
      </div>

      {action.failure && (
        <p role="alert" data-testid="group-failure" className="mt-2 flex items-center gap-2 text-sm font-medium text-red-700 dark:text-red-300">
          {action.failure}
          <button type="button" onClick={action.clearFailure} className="text-xs text-slate-500 underline dark:text-slate-400">
            Dismiss
          </button>
        </p>
      )}

      {expanded && (
        <ul id={listId} data-testid="group-alerts" className="mt-3 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {group.alerts.map((a) => (
            <li key={a.id} data-testid="team-alert" data-alert-id={a.id} data-status={a.status} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span aria-hidden className={`size-2 shrink-0 rounded-full ${SEVERITY_STYLE[a.severity].dot}`} />
              <div className="min-w-0 flex-1 basis-48">
                <Link href={`/alerts/${a.id}`} className="block truncate text-sm font-medium text-slate-900 hover:underline dark:text-slate-100">
                  {a.title}
                </Link>
                <p className="flex flex-wrap items-center gap-x-2 text-xs text-slate-500 dark:text-slate-400">
                  <span>{SEVERITY_STYLE[a.severity].label}</span>
                  <span>
                    fired <RelativeTime iso={a.first_fired_at} now={now} />
                  </span>
                  {a.acknowledged_by && a.acknowledged_at && (
                    <span>
                      acknowledged by {a.acknowledged_by.name} <RelativeTime iso={a.acknowledged_at} now={now} />
                    </span>
                  )}
                  {a.escalation_level > 0 && <span>escalation level {a.escalation_level}</span>}
                </p>
              </div>
              <StatusChip status={a.status} />
              <OccurrencesBadge occurrences={a.occurrences} />
              <div className="flex gap-1.5">
                {a.status === 'firing' && (
                  <button type="button" data-testid="alert-ack" disabled={action.isPending} onClick={() => act({ kind: 'acknowledge', alertIds: [a.id] })} className={`${quiet} h-8 px-2 text-xs`}>
                    Acknowledge
                  </button>
                )}
                <button type="button" data-testid="alert-resolve" disabled={action.isPending} onClick={() => act({ kind: 'resolve', alertIds: [a.id] })} className={`${quiet} h-8 px-2 text-xs`}>
                  Resolve
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
