import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as putDismiss } from '@/app/api/v1/alerts/[id]/dismiss/route';
import { POST as postAcknowledge } from '@/app/api/v1/alerts/[id]/acknowledge/route';
import { PUT as putRead } from '@/app/api/v1/alerts/[id]/read/route';
import { POST as postResolve } from '@/app/api/v1/alerts/[id]/resolve/route';
import { GET as getAlert } from '@/app/api/v1/alerts/[id]/route';
import { POST as postSnooze } from '@/app/api/v1/alerts/[id]/snooze/route';
import { PUT as putUndismiss } from '@/app/api/v1/alerts/[id]/undismiss/route';
import { PUT as putUnread } from '@/app/api/v1/alerts/[id]/unread/route';
import { POST as postBulk } from '@/app/api/v1/alerts/bulk/route';
import { GET as getHistory } from '@/app/api/v1/alerts/history/route';
import { POST as postMarkAllRead } from '@/app/api/v1/alerts/mark-all-read/route';
import { GET as getList } from '@/app/api/v1/alerts/route';
import { GET as getOpen } from '@/app/api/v1/alerts/open/route';
import { GET as getRules, POST as postRule } from '@/app/api/v1/alerts/rules/route';
import { GET as getPreferences, PUT as putPreferences } from '@/app/api/v1/alerts/preferences/route';
import { POST as postDeliveryTest } from '@/app/api/v1/alerts/test/route';
import { GET as getDeliveries } from '@/app/api/v1/admin/deliveries/route';
import { POST as postRetry } from '@/app/api/v1/admin/deliveries/[id]/retry/route';
import { POST as postJobRun } from '@/app/api/v1/admin/jobs/[job]/run/route';
import { GET as getJobs } from '@/app/api/v1/admin/jobs/route';
import { GET as getAudit } from '@/app/api/v1/admin/audit/route';
import { DELETE as deleteSilence } from '@/app/api/v1/admin/silences/[id]/route';
import { GET as getSilences, POST as postSilence } from '@/app/api/v1/admin/silences/route';
import { DELETE as deleteInvite, POST as postInvite } from '@/app/api/v1/admin/users/[id]/invite/route';
import { PATCH as patchUser } from '@/app/api/v1/admin/users/[id]/route';
import { GET as getUsers, POST as postUser } from '@/app/api/v1/admin/users/route';
import { POST as postAcceptInvite } from '@/app/api/v1/invites/[token]/route';
import { POST as postUnsubscribeDigest } from '@/app/api/v1/digests/unsubscribe/[token]/route';
import { POST as postSetup } from '@/app/api/v1/setup/route';
import { POST as postSilencePreview } from '@/app/api/v1/admin/silences/preview/route';
import { DELETE as deleteRule, GET as getRule, PUT as putRule } from '@/app/api/v1/alerts/rules/[id]/route';
import { POST as postRulePreview } from '@/app/api/v1/alerts/rules/preview/route';
import { POST as postRuleBacktest } from '@/app/api/v1/alerts/rules/backtest/route';
import { GET as getSubscriptions, PUT as putSubscriptions } from '@/app/api/v1/alerts/subscriptions/route';
import { GET as getSummary } from '@/app/api/v1/alerts/summary/route';
import { GET as getCount } from '@/app/api/v1/alerts/unread/count/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { DELETE as deleteUnknown, GET as getUnknown } from '@/app/api/[[...path]]/route';
import { POST as postPassword } from '@/app/api/v1/me/password/route';
import { GET as getMe, PATCH as patchMe } from '@/app/api/v1/me/route';
import { POST as postAssign } from '@/app/api/v1/complaints/[id]/assign/route';
import { GET as getTeam } from '@/app/api/v1/team/route';
import { POST as postEvents } from '@/app/api/v1/events/route';
import { POST as postAlertmanagerWebhook } from '@/app/api/v1/integrations/alertmanager/route';
import { POST as postGrafanaWebhook } from '@/app/api/v1/integrations/grafana/route';
import { GET as getV2Alerts, POST as postV2Alerts } from '@/app/api/v2/alerts/route';
import { GET as getV2Status } from '@/app/api/v2/status/route';
import { GET as getLabelSuggestions } from '@/app/api/v1/alerts/rules/label-suggestions/route';
import { GET as getAnalytics } from '@/app/api/v1/alerts/analytics/route';
import { db } from '@/db/client';
import type { Permission, Viewer } from '@/lib/auth/permissions';
import { PERMISSIONS } from '@/lib/auth/permissions';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { asViewer, call, raiseFor, type Route } from './testing/api';

/**
 * Who may call what: every endpoint × every kind of caller, one expected status per cell.
 * Roles are exercised with tokens carrying every scope, so the effective permissions are the role's
 * (a cookie session cannot be made outside a Next request). Not covered here: the 403 for a
 * cookie-authenticated mutation from another origin, which needs a real session.
 */
const COLUMNS = ['no auth', 'staff A', 'staff B', 'manager', 'admin', 'scoped token', 'unscoped token'] as const;
type Column = (typeof COLUMNS)[number];

type Row = {
  name: string;
  route: Route;
  method: string;
  path: string;
  /** the permission the "scoped token" carries alone and the "unscoped token" lacks */
  needs: Permission;
  /** whose token is the scoped one: staff A (the alert's recipient) or the admin (admin-only rows) */
  scopedOwner: 'A' | 'admin';
  body?: unknown | ((alertId: number) => unknown);
  /** route params of a row that is not about one of staff A's alerts (a function: read once the fixtures exist) */
  params?: Record<string, string> | (() => Record<string, string>);
  /** act on an alert of staff A's, a new one per cell so that one cell's change cannot decide another's */
  alert?: boolean;
  expect: [number, number, number, number, number, number, number];
};

const read = (name: string, route: Route, path: string, expectRow: Row['expect'], extra: Partial<Row> = {}): Row => ({
  name,
  route,
  method: 'GET',
  path,
  needs: 'alerts.read',
  scopedOwner: 'A',
  expect: expectRow,
  ...extra,
});
const onAlert = (name: string, route: Route, method: string, verb: string, expectRow: Row['expect'], body?: unknown): Row => ({
  name,
  route,
  method,
  path: `/api/v1/alerts/{id}${verb}`,
  needs: 'alerts.read',
  scopedOwner: 'A',
  alert: true,
  body,
  expect: expectRow,
});

/** Ids made in beforeAll that some rows' params and bodies need. */
const fixture = { complaintId: 0, staffB: 0 };

const RULE = {
  rule_name: 'authz_rule',
  rule_type: 'sla',
  check: 'sla_at_risk',
  alert_config: { severity: 'info', title_template: 'x', recipients: ['assignee'] },
};

const EVERYONE = [401, 200, 200, 200, 200, 200, 403] as Row['expect'];
const ADMIN_ONLY = [401, 403, 403, 403, 200, 200, 403] as Row['expect'];
const RECIPIENT_ONLY_204 = [401, 204, 404, 404, 404, 204, 403] as Row['expect'];

const ROWS: Row[] = [
  read('GET /alerts', getList, '/api/v1/alerts', EVERYONE),
  read('GET /alerts?cursor=start', getList, '/api/v1/alerts?cursor=start&view=unread', EVERYONE),
  read('GET /alerts?scope=all', getList, '/api/v1/alerts?scope=all', ADMIN_ONLY, { scopedOwner: 'admin' }),
  // staff A reports to the manager: a lead sees, acknowledges and resolves their people's alerts (visibility.ts)
  onAlert('GET /alerts/{id}', getAlert, 'GET', '', [401, 200, 404, 200, 200, 200, 403]),
  onAlert('PUT /alerts/{id}/read', putRead, 'PUT', '/read', RECIPIENT_ONLY_204),
  onAlert('PUT /alerts/{id}/unread', putUnread, 'PUT', '/unread', RECIPIENT_ONLY_204),
  onAlert('PUT /alerts/{id}/dismiss', putDismiss, 'PUT', '/dismiss', RECIPIENT_ONLY_204),
  onAlert('PUT /alerts/{id}/undismiss', putUndismiss, 'PUT', '/undismiss', RECIPIENT_ONLY_204),
  onAlert('POST /alerts/{id}/acknowledge', postAcknowledge, 'POST', '/acknowledge', [401, 200, 404, 200, 200, 200, 403], { note: 'on it' }),
  onAlert('POST /alerts/{id}/resolve', postResolve, 'POST', '/resolve', [401, 200, 404, 200, 200, 200, 403]),
  onAlert('POST /alerts/{id}/snooze', postSnooze, 'POST', '/snooze', [401, 200, 404, 404, 404, 200, 403], { minutes: 30 }),
  read('POST /alerts/mark-all-read', postMarkAllRead, '/api/v1/alerts/mark-all-read', EVERYONE, { method: 'POST', body: {} }),
  { ...onAlert('POST /alerts/bulk (read by ids)', postBulk, 'POST', '', EVERYONE), path: '/api/v1/alerts/bulk', body: (id: number) => ({ action: 'read', ids: [id] }) },
  read('POST /alerts/bulk (resolve, scope=all filter)', postBulk, '/api/v1/alerts/bulk', ADMIN_ONLY, {
    method: 'POST',
    scopedOwner: 'admin',
    body: { action: 'resolve', filter: { scope: 'all', alert_type: 'nothing_matches_this' } },
  }),
  read('GET /alerts/open', getOpen, '/api/v1/alerts/open?severity=warning', EVERYONE),
  read('GET /alerts/unread/count', getCount, '/api/v1/alerts/unread/count', EVERYONE),
  read('GET /alerts/history', getHistory, '/api/v1/alerts/history', EVERYONE),
  read('GET /alerts/history?scope=all', getHistory, '/api/v1/alerts/history?scope=all', ADMIN_ONLY, { scopedOwner: 'admin' }),
  read('GET /alerts/summary', getSummary, '/api/v1/alerts/summary', EVERYONE),
  read('GET /alerts/summary?scope=all', getSummary, '/api/v1/alerts/summary?scope=all', ADMIN_ONLY, { scopedOwner: 'admin' }),
  read('GET /alerts/subscriptions', getSubscriptions, '/api/v1/alerts/subscriptions', EVERYONE),
  read('PUT /alerts/subscriptions', putSubscriptions, '/api/v1/alerts/subscriptions', EVERYONE, {
    method: 'PUT',
    body: { subscriptions: [{ alert_type: 'sla_at_risk', is_enabled: true }] },
  }),
  read('GET /team', getTeam, '/api/v1/team', EVERYONE),
  // a complaint staff A was alerted about: A (and a lead, an admin) may take it; staff B sees nothing of it
  read('POST /complaints/{id}/assign (to oneself)', postAssign, '/api/v1/complaints/{complaint}/assign', [401, 200, 404, 200, 200, 200, 403], {
    method: 'POST',
    params: () => ({ id: String(fixture.complaintId) }),
  }),
  // to staff B: the manager leads B, the admin may give it to anyone; A may only take it, not hand it on
  read('POST /complaints/{id}/assign (to staff B)', postAssign, '/api/v1/complaints/{complaint}/assign', [401, 403, 404, 200, 200, 403, 403], {
    method: 'POST',
    params: () => ({ id: String(fixture.complaintId) }),
    body: () => ({ assignee_id: fixture.staffB }),
  }),
  read('GET /me', getMe, '/api/v1/me', EVERYONE),
  read('PATCH /me', patchMe, '/api/v1/me', EVERYONE, { method: 'PATCH', body: { name: 'Renamed by the table' } }),
  // a password is changed from a signed-in session only: a token, whatever it carries, is refused
  read('POST /me/password', postPassword, '/api/v1/me/password', [401, 403, 403, 403, 403, 403, 403], {
    method: 'POST',
    body: { current_password: 'correct horse battery', new_password: 'another long password' },
  }),
  read('GET /alerts/preferences', getPreferences, '/api/v1/alerts/preferences', EVERYONE),
  read('PUT /alerts/preferences', putPreferences, '/api/v1/alerts/preferences', EVERYONE, { method: 'PUT', body: { min_email_severity: 'error' } }),
  read('PUT /alerts/preferences (digest)', putPreferences, '/api/v1/alerts/preferences', EVERYONE, { method: 'PUT', body: { digest: { frequency: 'daily', hour: 7 } } }),
  read('POST /alerts/test', postDeliveryTest, '/api/v1/alerts/test', ADMIN_ONLY, {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: { channels: ['slack'] },
  }),
  read('POST /alerts/rules', postRule, '/api/v1/alerts/rules', [401, 403, 403, 403, 201, 201, 403], {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: () => ({ ...RULE, rule_name: `authz_${Math.random().toString(36).slice(2, 10)}` }),
  }),
  read('POST /alerts/rules/preview', postRulePreview, '/api/v1/alerts/rules/preview', ADMIN_ONLY, {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: RULE,
  }),
  read('POST /alerts/rules/backtest', postRuleBacktest, '/api/v1/alerts/rules/backtest', ADMIN_ONLY, {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: { rule: RULE, days: 2 },
  }),
  read('GET /alerts/rules/{id}', getRule, '/api/v1/alerts/rules/1', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin', params: { id: '1' } }),
  // authorized callers get as far as the version check (a stale version: 409), others no further than 403
  read('PUT /alerts/rules/{id}', putRule, '/api/v1/alerts/rules/1', [401, 403, 403, 403, 409, 409, 403], {
    method: 'PUT',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '1' },
    body: { ...RULE, rule_name: 'sla_breach_critical', version: 99 },
  }),
  read('DELETE /alerts/rules/{id}', deleteRule, '/api/v1/alerts/rules/99999999', [401, 403, 403, 403, 404, 404, 403], {
    method: 'DELETE',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
  }),
  read('GET /admin/jobs', getJobs, '/api/v1/admin/jobs', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('POST /admin/jobs/{job}/run', postJobRun, '/api/v1/admin/jobs/escalations/run', ADMIN_ONLY, {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { job: 'escalations' },
  }),
  read('GET /admin/deliveries', getDeliveries, '/api/v1/admin/deliveries?status=failed', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('POST /admin/deliveries/{id}/retry', postRetry, '/api/v1/admin/deliveries/99999999/retry', [401, 403, 403, 403, 404, 404, 403], {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
  }),
  read('GET /admin/audit', getAudit, '/api/v1/admin/audit?action=alert_rule.updated', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('GET /admin/silences', getSilences, '/api/v1/admin/silences', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('POST /admin/silences', postSilence, '/api/v1/admin/silences', [401, 403, 403, 403, 201, 201, 403], {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: { matchers: { alert_type: 'nothing_fires_this' }, duration_minutes: 5, comment: 'authorization table' },
  }),
  read('POST /admin/silences/preview', postSilencePreview, '/api/v1/admin/silences/preview', ADMIN_ONLY, {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: { matchers: { alert_type: 'nothing_fires_this' }, duration_minutes: 5 },
  }),
  read('DELETE /admin/silences/{id}', deleteSilence, '/api/v1/admin/silences/99999999', [401, 403, 403, 403, 404, 404, 403], {
    method: 'DELETE',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
  }),
  read('GET /alerts/rules', getRules, '/api/v1/alerts/rules', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('GET /admin/users', getUsers, '/api/v1/admin/users?active=true&q=staff', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('POST /admin/users', postUser, '/api/v1/admin/users', [401, 403, 403, 403, 201, 201, 403], {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    body: () => ({ email: `authz-${Math.random().toString(36).slice(2, 10)}@test.local`, name: 'Authz Person', role: 'staff' }),
  }),
  read('PATCH /admin/users/{id}', patchUser, '/api/v1/admin/users/99999999', [401, 403, 403, 403, 404, 404, 403], {
    method: 'PATCH',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
    body: { role: 'manager' },
  }),
  read('POST /admin/users/{id}/invite', postInvite, '/api/v1/admin/users/99999999/invite', [401, 403, 403, 403, 404, 404, 403], {
    method: 'POST',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
  }),
  read('DELETE /admin/users/{id}/invite', deleteInvite, '/api/v1/admin/users/99999999/invite', [401, 403, 403, 403, 404, 404, 403], {
    method: 'DELETE',
    needs: 'alerts.manage',
    scopedOwner: 'admin',
    params: { id: '99999999' },
  }),
  // public: the link's token is the credential, whoever calls; a token nobody was given is a 404 for all
  read('POST /invites/{token}', postAcceptInvite as Route, '/api/v1/invites/x', [404, 404, 404, 404, 404, 404, 404], {
    method: 'POST',
    params: { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    body: { password: 'a long enough password' },
  }),
  // public: the unsubscribe link's token is the credential; one nobody was given (forged) is a 404 for all
  read('POST /digests/unsubscribe/{token}', postUnsubscribeDigest as Route, '/api/v1/digests/unsubscribe/1.x', [404, 404, 404, 404, 404, 404, 404], {
    method: 'POST',
    params: { token: '1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    body: { 'List-Unsubscribe': 'One-Click' },
  }),
  read('POST /setup', postSetup as Route, '/api/v1/setup', [404, 404, 404, 404, 404, 404, 404], {
    method: 'POST',
    body: { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', email: 'first@test.local', name: 'First', password: 'a long enough password' },
  }),
  // ingestion: admins hold events.write; a token needs the scope whoever owns it
  read('POST /events', postEvents, '/api/v1/events', [401, 403, 403, 403, 200, 200, 403], {
    method: 'POST',
    needs: 'events.write',
    scopedOwner: 'admin',
    body: { type: 'custom', event_type: 'authz.table', title: 'authorization table' },
  }),
  read('POST /api/v2/alerts', postV2Alerts, '/api/v2/alerts', [401, 403, 403, 403, 200, 200, 403], {
    method: 'POST',
    needs: 'events.write',
    scopedOwner: 'admin',
    body: [{ labels: { alertname: 'AuthzTable', team: 'authz' } }],
  }),
  read('GET /api/v2/alerts', getV2Alerts, '/api/v2/alerts?filter=alertname%3D%22AuthzTable%22', EVERYONE),
  read('GET /alerts/analytics', getAnalytics, '/api/v1/alerts/analytics', EVERYONE),
  read('GET /alerts/rules/label-suggestions', getLabelSuggestions, '/api/v1/alerts/rules/label-suggestions', ADMIN_ONLY, { needs: 'alerts.manage', scopedOwner: 'admin' }),
  read('GET /api/v2/status', getV2Status, '/api/v2/status', EVERYONE),
  read('POST /integrations/alertmanager', postAlertmanagerWebhook, '/api/v1/integrations/alertmanager', [401, 403, 403, 403, 200, 200, 403], {
    method: 'POST',
    needs: 'events.write',
    scopedOwner: 'admin',
    body: { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'AuthzTable', team: 'authz' } }] },
  }),
  read('POST /integrations/grafana', postGrafanaWebhook, '/api/v1/integrations/grafana', [401, 403, 403, 403, 200, 200, 403], {
    method: 'POST',
    needs: 'events.write',
    scopedOwner: 'admin',
    body: { status: 'resolved', alerts: [{ status: 'resolved', labels: { alertname: 'AuthzTable', team: 'authz' } }] },
  }),
  read('GET /openapi.json', getOpenApi as Route, '/api/v1/openapi.json', [200, 200, 200, 200, 200, 200, 200]),
  // a path no route serves: the same 404 for everyone, signed in or not
  read('GET /{unknown}', getUnknown as Route, '/api/v1/no-such-thing', [404, 404, 404, 404, 404, 404, 404]),
  read('DELETE /{unknown}', deleteUnknown as Route, '/api/v1/alerts/1/no-such-action', [404, 404, 404, 404, 404, 404, 404], { method: 'DELETE' }),
];

describe('authorization table', () => {
  let admin: Viewer;
  let staffA: { id: number };
  const tokens = {} as Record<Exclude<Column, 'no auth' | 'scoped token' | 'unscoped token'>, string>;
  const scoped = new Map<string, string>();
  const unscoped = new Map<Permission, string>();

  beforeAll(async () => {
    await seedDefaultRules(db);
    const adminUser = await createUser('admin');
    const manager = await createUser('manager');
    const a = await createUser('staff', { managerId: manager.id });
    const b = await createUser('staff', { managerId: manager.id });
    admin = asViewer(adminUser);
    staffA = a;
    tokens['staff A'] = await tokenFor(a.id);
    tokens['staff B'] = await tokenFor(b.id);
    tokens.manager = await tokenFor(manager.id);
    tokens.admin = await tokenFor(adminUser.id);
    for (const p of PERMISSIONS) {
      scoped.set(`A:${p}`, await tokenFor(a.id, [p]));
      scoped.set(`admin:${p}`, await tokenFor(adminUser.id, [p]));
      // the admin holds every permission but this one: the scope, not the role, is what is missing
      unscoped.set(p, await tokenFor(adminUser.id, PERMISSIONS.filter((x) => x !== p)));
    }
    // something in everyone's inbox, so the lists have rows to show
    await raiseFor(admin, [a, b, manager, adminUser]);
    const complaint = await createComplaint({ assigneeId: null });
    await raiseFor(admin, [a], { resource: { type: 'complaint', id: String(complaint.id) } });
    Object.assign(fixture, { complaintId: complaint.id, staffB: b.id });
  });

  function tokenOf(row: Row, column: Column): string | null {
    if (column === 'no auth') return null;
    if (column === 'scoped token') return scoped.get(`${row.scopedOwner}:${row.needs}`)!;
    if (column === 'unscoped token') return unscoped.get(row.needs)!;
    return tokens[column];
  }

  it('answers every endpoint × caller with the expected status', async () => {
    const actual: number[][] = [];
    for (const row of ROWS) {
      const statuses: number[] = [];
      for (const column of COLUMNS) {
        const id = row.alert ? await raiseFor(admin, [staffA]) : 0;
        const res = await call(row.route, {
          method: row.method,
          path: row.path.replace('{id}', String(id)),
          token: tokenOf(row, column),
          body: typeof row.body === 'function' ? row.body(id) : row.body,
          params: row.alert ? { id: String(id) } : typeof row.params === 'function' ? row.params() : (row.params ?? {}),
        });
        if (res.status >= 400) expect(res.contentType, `${row.name} / ${column}`).toBe('application/problem+json');
        statuses.push(res.status);
      }
      actual.push(statuses);
    }
    const expected = ROWS.map((r) => [...r.expect]);
    expect(actual, formatTable(actual, expected)).toEqual(expected);
  });
});

/** The table as text, with `!` on each cell that differs from the expected status. */
function formatTable(actual: number[][], expected: number[][]): string {
  const width = Math.max(...ROWS.map((r) => r.name.length));
  const head = ['endpoint'.padEnd(width), ...COLUMNS.map((c) => c.padStart(18))].join(' ');
  const lines = ROWS.map((row, i) =>
    [
      row.name.padEnd(width),
      ...COLUMNS.map((_c, j) => {
        const got = actual[i]![j]!;
        const want = expected[i]![j]!;
        return (got === want ? `${got}` : `${got}!(want ${want})`).padStart(18);
      }),
    ].join(' '),
  );
  return `\n${head}\n${lines.join('\n')}\n`;
}
