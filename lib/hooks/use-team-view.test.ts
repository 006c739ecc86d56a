import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { OpenAlert, OpenAlertGroup, OpenAlertGroups } from '@/lib/validation/open-alerts';
import { AlertsRequestError } from './alerts-api';
import { NO_TEAM_FILTERS, teamKeys } from './team-view';
import { describeTeamFailure, patchGroups } from './use-team-view';

const alert = (id: number, severity: OpenAlert['severity'], status: OpenAlert['status'] = 'firing'): OpenAlert => ({
  id,
  severity,
  title: `Alert ${id}`,
  alert_type: 'sla_breach',
  status,
  first_fired_at: '2026-11-30T10:00:00.000Z',
  last_fired_at: '2026-11-30T10:00:00.000Z',
  occurrences: 1,
  escalation_level: 0,
  acknowledged_by: null,
  acknowledged_at: null,
});
const group = (id: string, alerts: OpenAlert[]): OpenAlertGroup => ({
  resource: { type: 'complaint', id, label: `C-${id}` },
  worst_severity: alerts[0]!.severity,
  opened_at: '2026-11-30T10:00:00.000Z',
  owner: null,
  sla: null,
  alerts,
});

function cache(groups: OpenAlertGroup[]) {
  const client = new QueryClient();
  client.setQueryData<InfiniteData<OpenAlertGroups>>(teamKeys.view(NO_TEAM_FILTERS), { pages: [{ groups, next_cursor: null }], pageParams: [null] });
  const read = () => client.getQueryData<InfiniteData<OpenAlertGroups>>(teamKeys.view(NO_TEAM_FILTERS))!.pages[0]!.groups;
  return { client, read };
}
const me = { id: 7, name: 'Morgan Manager' };

describe('the team view’s optimistic changes', () => {
  it('acknowledging marks the firing alerts with who and when', () => {
    const { client, read } = cache([group('1', [alert(1, 'critical'), alert(2, 'error', 'acknowledged')]), group('2', [alert(3, 'warning')])]);
    patchGroups(client, 'complaint:1', { kind: 'acknowledge', alertIds: [1, 2] }, me);
    const [first, second] = read();
    expect(first!.alerts[0]).toMatchObject({ status: 'acknowledged', acknowledged_by: me });
    expect(first!.alerts[0]!.acknowledged_at).not.toBeNull();
    // already acknowledged by someone else: left as it was
    expect(first!.alerts[1]).toMatchObject({ acknowledged_by: null });
    expect(second!.alerts[0]!.status).toBe('firing');
  });

  it('resolving removes the alerts, recomputes the worst severity, and drops an emptied group', () => {
    const { client, read } = cache([group('1', [alert(1, 'critical'), alert(2, 'warning')]), group('2', [alert(3, 'error')])]);
    patchGroups(client, 'complaint:1', { kind: 'resolve', alertIds: [1] }, me);
    expect(read()[0]).toMatchObject({ worst_severity: 'warning', alerts: [{ id: 2 }] });
    patchGroups(client, 'complaint:2', { kind: 'resolve', alertIds: [3] }, me);
    expect(read().map((g) => g.resource.id)).toEqual(['1']);
  });

  it('assigning makes the viewer the owner', () => {
    const { client, read } = cache([group('1', [alert(1, 'critical')])]);
    patchGroups(client, 'complaint:1', { kind: 'assign', complaintId: 1 }, me);
    expect(read()[0]!.owner).toEqual(me);
  });

  it('assigning to someone makes them the owner', () => {
    const { client, read } = cache([group('1', [alert(1, 'critical')])]);
    const riley = { id: 9, name: 'Riley Staff' };
    patchGroups(client, 'complaint:1', { kind: 'assign', complaintId: 1, assignee: riley }, me);
    expect(read()[0]!.owner).toEqual(riley);
  });

  it('says a refused assignment in words, naming the person', () => {
    const riley = { id: 9, name: 'Riley Staff' };
    const to = { kind: 'assign', complaintId: 1, assignee: riley } as const;
    expect(describeTeamFailure(new AlertsRequestError(403, 'x'), to)).toBe('You can’t assign it to Riley Staff: only to yourself or someone in your team.');
    expect(describeTeamFailure(new AlertsRequestError(422, 'x'), to)).toBe('Riley Staff is no longer active: pick someone else.');
    expect(describeTeamFailure(new AlertsRequestError(409, 'Complaint is already resolved'), to)).toBe('Complaint is already resolved.');
  });

  it('says a conflict in words: who got there first', () => {
    const acked = new AlertsRequestError(409, 'Alert is already acknowledged by Sam Staff', { alert_status: 'acknowledged', acknowledged_by: { id: 3, name: 'Sam Staff' } } as never);
    expect(describeTeamFailure(acked, { kind: 'acknowledge', alertIds: [1] })).toBe('Already acknowledged by Sam Staff.');
    const resolved = new AlertsRequestError(409, 'x', { alert_status: 'resolved', resolved_by: null } as never);
    expect(describeTeamFailure(resolved, { kind: 'resolve', alertIds: [1] })).toBe('Already resolved.');
    expect(describeTeamFailure(new AlertsRequestError(409, 'Complaint is already closed'), { kind: 'assign', complaintId: 1 })).toBe('Complaint is already closed.');
    expect(describeTeamFailure(new AlertsRequestError(404, 'Not found'), { kind: 'acknowledge', alertIds: [1] })).toBe('That alert is no longer visible to you.');
  });
});
