import { z } from 'zod';
import { raiseAlertSchema } from '@/lib/alerts/raise';
import { PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import {
  alertCursorPageSchema,
  alertDetailSchema,
  alertListSchema,
  bulkResultSchema,
  inboxAlertSchema,
  markAllReadResultSchema,
  ruleListSchema,
  rulePreviewResultSchema,
  ruleSchema,
  snoozeResultSchema,
  summarySchema,
  unreadCountSchema,
} from './alert-responses';
import {
  alertFilterSchema,
  bulkBodySchema,
  historyQuerySchema,
  lifecycleBodySchema,
  listAlertsQuerySchema,
  markAllReadBodySchema,
  snoozeBodySchema,
  summaryQuerySchema,
} from './alerts';
import { assignablePeopleSchema, assignComplaintSchema, assignResultSchema } from './complaints';
import { openAlertGroupsSchema, openAlertsQuerySchema } from './open-alerts';
import { eventSchema, MAX_EVENTS_PER_REQUEST } from './events';
import { analyticsQuerySchema, analyticsSchema } from '@/lib/analytics/analytics';
import { backtestInputSchema, backtestResultSchema } from '@/lib/alerts/backtest';
import { MAX_ALERTS_PER_REQUEST, postableAlertsSchema, webhookPayloadSchema } from '@/lib/integrations/prometheus';
import {
  auditPageSchema,
  auditQuerySchema,
  createSilenceSchema,
  deliveriesQuerySchema,
  deliveryPageSchema,
  jobsOverviewSchema,
  silenceListSchema,
  silencePreviewBodySchema,
  silencePreviewSchema,
  silenceSchema,
} from './admin';
import { deliveryTestResultSchema, deliveryTestSchema } from './delivery-test';
import { preferencesBodySchema, putPreferencesSchema, unsubscribeResultSchema } from './preferences';
import { rulePreviewSchema, ruleShapeSchema, ruleUpdateSchema } from './rules';
import { putSubscriptionsSchema, subscriptionListSchema } from './subscriptions';
import { createTokenSchema } from './tokens';
import { changePasswordSchema, profileSchema, updateProfileSchema } from './account';
import { acceptInviteSchema, adminUserSchema, createdUserSchema, createUserSchema, inviteLinkSchema, listUsersQuerySchema, setupSchema, signedUpUserSchema, updateUserSchema, userPageSchema } from './users';

/**
 * What the OpenAPI document describes: the named component schemas and every route of the API.
 * Shapes owned by other modules that have no zod schema of their own yet (raise result, evaluate,
 * events, tokens, cron, health) are described here.
 */

const when = z.iso.datetime();
const int = z.number().int();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: int,
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional().describe('422: one entry per schema issue'),
  })
  .describe('RFC 9457 problem details');

const raiseResultSchema = z.object({
  created: z.boolean(),
  alert: z.object({ id: int, fingerprint: z.string(), status: z.string(), occurrences: int, recipients: int }),
});
const checkRunSchema = z.object({
  rule_id: int,
  rule_name: z.string(),
  check: z.string(),
  candidates: int,
  created: int,
  repeated: int,
  resolved: int,
  recipients: int,
  silenced: int,
  throttled: int,
  error: z.string().optional(),
});
const evaluateResultSchema = z.object({ evaluated_at: when, rules: z.array(checkRunSchema), alerts_created: int, alerts_resolved: int });
const ingestBodySchema = z.union([
  eventSchema,
  z.array(eventSchema).min(1).max(MAX_EVENTS_PER_REQUEST),
  z.object({ events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) }),
]);
const ingestResultSchema = z.object({
  accepted: int,
  complaints: int,
  payments: int,
  metric_samples: int,
  custom: int,
  alerts_created: int,
  alerts_repeated: int,
  alerts_resolved: int,
});
const tokenSchema = z.object({
  id: int,
  name: z.string(),
  token_prefix: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)),
  created_at: when,
  last_used_at: when.nullable(),
  expires_at: when.nullable(),
});
const createdTokenSchema = tokenSchema.extend({ token: z.string().describe('Shown once; only its hash is stored') });
const cronRunSchema = z.object({
  job: z.string(),
  run_id: int,
  status: z.enum(['succeeded', 'failed', 'skipped']),
  started_at: when,
  finished_at: when,
  duration_ms: int,
  counts: z.record(z.string(), int),
  details: z.unknown().optional(),
  error: z.string().optional(),
});
const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded: a cron job is late (still 200: the app serves)'),
  database: z.literal('ok'),
  time: when,
  late_jobs: z.array(z.string()).describe('cron jobs with no success within twice their interval'),
  jobs: z.array(z.object({ job: z.string(), schedule: z.string(), last_success_at: when.nullable(), late: z.boolean() })),
});

const signalResultSchema = z.object({
  accepted: int,
  firing: int,
  resolved: int,
  alerts_created: int,
  alerts_repeated: int.describe('already open: counted as a repeat, nobody told again within the rule\'s cooldown'),
  alerts_resolved: int,
});
const gettableAlertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().describe('when it resolves by itself unless sent again; 0001-01-01 when it does not end by time'),
  updatedAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string().describe('Alertmanager\'s fingerprint of the label set'),
  receivers: z.array(z.object({ name: z.string().describe('the rule that routed it') })),
  status: z.object({
    state: z.enum(['active', 'suppressed']).describe('suppressed: a silence holds it'),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
    mutedBy: z.array(z.string()),
  }),
});
const amStatusSchema = z.object({
  cluster: z.object({ name: z.string(), status: z.literal('ready'), peers: z.array(z.unknown()) }),
  versionInfo: z.record(z.string(), z.string()),
  config: z.object({ original: z.string() }),
  uptime: z.string(),
});
const labelSuggestionsSchema = z.object({
  labels: z.array(z.object({ name: z.string(), alerts: int.describe('alerts carrying it'), values: z.array(z.string()).describe('its most used values, up to 20') })),
});
const amListQuerySchema = z.object({
  filter: z.array(z.string()).optional().describe('Label matchers, one per parameter: name="value", name!="value", name=~"regex", name!~"regex"'),
  active: z.boolean().optional().describe('include alerts nothing holds (default true)'),
  silenced: z.boolean().optional().describe('include alerts a silence holds (default true)'),
  inhibited: z.boolean().optional().describe('accepted; nothing is inhibited here'),
  unprocessed: z.boolean().optional().describe('accepted; every alert is processed before POST answers'),
  receiver: z.string().optional().describe('a regular expression over the routing rule\'s name'),
});

/** Named components: referenced by $ref wherever they appear. */
export const COMPONENTS = {
  Problem: problemSchema,
  InboxAlert: inboxAlertSchema,
  AlertList: alertListSchema,
  AlertCursorPage: alertCursorPageSchema,
  AlertDetail: alertDetailSchema,
  UnreadCount: unreadCountSchema,
  SnoozeBody: snoozeBodySchema,
  SnoozeResult: snoozeResultSchema,
  LifecycleBody: lifecycleBodySchema,
  AlertFilter: alertFilterSchema,
  MarkAllReadBody: markAllReadBodySchema,
  MarkAllReadResult: markAllReadResultSchema,
  BulkBody: bulkBodySchema,
  BulkResult: bulkResultSchema,
  AlertSummary: summarySchema,
  OpenAlertGroups: openAlertGroupsSchema,
  Rule: ruleSchema,
  RuleList: ruleListSchema,
  RuleShape: ruleShapeSchema,
  RuleUpdate: ruleUpdateSchema,
  RulePreview: rulePreviewSchema,
  RulePreviewResult: rulePreviewResultSchema,
  RuleBacktest: backtestInputSchema,
  RuleBacktestResult: backtestResultSchema,
  SubscriptionList: subscriptionListSchema,
  PutSubscriptions: putSubscriptionsSchema,
  Preferences: preferencesBodySchema,
  PutPreferences: putPreferencesSchema,
  UnsubscribeResult: unsubscribeResultSchema,
  DeliveryTest: deliveryTestSchema,
  JobsOverview: jobsOverviewSchema,
  DeliveryPage: deliveryPageSchema,
  Silence: silenceSchema,
  AuditPage: auditPageSchema,
  SilenceList: silenceListSchema,
  CreateSilence: createSilenceSchema,
  SilencePreviewBody: silencePreviewBodySchema,
  SilencePreview: silencePreviewSchema,
  DeliveryTestResult: deliveryTestResultSchema,
  RaiseAlert: raiseAlertSchema,
  RaiseResult: raiseResultSchema,
  EvaluateResult: evaluateResultSchema,
  Event: eventSchema,
  IngestBody: ingestBodySchema,
  IngestResult: ingestResultSchema,
  PostableAlerts: postableAlertsSchema,
  AlertmanagerWebhook: webhookPayloadSchema,
  SignalResult: signalResultSchema,
  GettableAlerts: z.array(gettableAlertSchema),
  AlertmanagerStatus: amStatusSchema,
  LabelSuggestions: labelSuggestionsSchema,
  Analytics: analyticsSchema,
  Token: tokenSchema,
  TokenList: z.object({ tokens: z.array(tokenSchema) }),
  CreateToken: createTokenSchema,
  CreatedToken: createdTokenSchema,
  CronRun: cronRunSchema,
  Profile: profileSchema,
  UpdateProfile: updateProfileSchema,
  ChangePassword: changePasswordSchema,
  Health: healthSchema,
  AdminUser: adminUserSchema,
  UserPage: userPageSchema,
  CreateUser: createUserSchema,
  CreatedUser: createdUserSchema,
  UpdateUser: updateUserSchema,
  InviteLink: inviteLinkSchema,
  AcceptInvite: acceptInviteSchema,
  Setup: setupSchema,
  SignedUpUser: signedUpUserSchema,
  AssignComplaint: assignComplaintSchema,
  AssignResult: assignResultSchema,
  AssignablePeople: assignablePeopleSchema,
} satisfies Record<string, z.ZodType>;
export type ComponentName = keyof typeof COMPONENTS;

// a component reference usable inside inline schemas; swapped for a $ref when emitted
export const refs = new Map<unknown, ComponentName>();
function ref(name: ComponentName): z.ZodType {
  const stub = z.unknown();
  refs.set(stub, name);
  return stub;
}


export type Auth = Permission | 'signed-in' | 'public' | 'cron' | 'metrics';
export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: Auth;
  query?: z.ZodObject;
  body?: ComponentName;
  bodyOptional?: boolean;
  /** status → component (or an inline schema, null for no body, or a Server-Sent Events stream) */
  responses: Record<number, ComponentName | z.ZodType | null | 'event-stream' | 'prometheus-text'>;
  errors: number[];
};

const alertId = '/api/v1/alerts/{id}';
const inboxPut = (verb: string, summary: string): Operation => ({
  method: 'put',
  path: `${alertId}/${verb}`,
  summary,
  auth: 'alerts.read',
  responses: { 204: null },
  errors: [401, 403, 404, 422],
});

/** Every route of the API; lib/validation/openapi.int.test.ts checks this against the route files. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/alerts',
    summary:
      'The viewer\'s inbox, newest first (admins: scope=all for every alert). Tabs via view; page/page_size, or keyset paging with cursor ("start", then next_cursor) — then total, page and total_pages are null.',
    auth: 'alerts.read',
    query: listAlertsQuerySchema,
    responses: { 200: z.union([ref('AlertList'), ref('AlertCursorPage')]) },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts',
    summary: 'Raise an alert directly; 201 when new, 200 when folded into an open alert with the same fingerprint',
    auth: 'alerts.broadcast',
    body: 'RaiseAlert',
    responses: { 201: 'RaiseResult', 200: 'RaiseResult' },
    errors: [400, 401, 403, 413, 422],
  },
  {
    method: 'get',
    path: alertId,
    summary: 'One alert with the viewer\'s state, its timeline, deliveries and resource (404 unless the viewer may see it: a recipient, their lead, or alerts.manage)',
    auth: 'alerts.read',
    responses: { 200: 'AlertDetail' },
    errors: [401, 403, 404, 422],
  },
  inboxPut('read', 'Mark read for the viewer'),
  inboxPut('unread', 'Mark unread for the viewer (ends a snooze)'),
  inboxPut('dismiss', 'Dismiss from the viewer\'s inbox'),
  inboxPut('undismiss', 'Put a dismissed alert back in the viewer\'s inbox'),
  ...(['acknowledge', 'resolve'] as const).map(
    (verb): Operation => ({
      method: 'post',
      path: `${alertId}/${verb}`,
      summary: `${verb === 'acknowledge' ? 'Acknowledge (firing → acknowledged)' : 'Resolve (firing/acknowledged → resolved)'} for the whole team; 409 when someone got there first. Whoever may see the alert: recipients, their leads, alerts.manage.`,
      auth: 'alerts.read',
      body: 'LifecycleBody',
      bodyOptional: true,
      responses: { 200: 'AlertDetail' },
      errors: [400, 401, 403, 404, 409, 422],
    }),
  ),
  {
    method: 'post',
    path: `${alertId}/snooze`,
    summary: 'Snooze in the viewer\'s inbox: read until then; the deliver job brings it back unread. until_resolved on a resolved alert → 409.',
    auth: 'alerts.read',
    body: 'SnoozeBody',
    responses: { 200: 'SnoozeResult' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/mark-all-read',
    summary: 'Mark the viewer\'s unread alerts read, all or those a filter selects',
    auth: 'alerts.read',
    body: 'MarkAllReadBody',
    bodyOptional: true,
    responses: { 200: 'MarkAllReadResult' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/bulk',
    summary: 'One action on up to 500 ids or on what a filter selects; read/unread/dismiss/undismiss/snooze (with snooze: {until|minutes|until_resolved})/unsnooze (ends a snooze, keeps the read state) on the viewer\'s inbox, acknowledge/resolve on alerts they receive (admins: any)',
    auth: 'alerts.read',
    body: 'BulkBody',
    responses: { 200: 'BulkResult' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/unread/count',
    summary: 'The viewer\'s unread, undismissed alerts, in total and by severity',
    auth: 'alerts.read',
    responses: { 200: 'UnreadCount' },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/stream',
    summary: 'Server-Sent Events of the viewer\'s inbox: count, alert (event id = its cursor) and changed events; resumes from Last-Event-ID',
    auth: 'alerts.read',
    responses: { 200: 'event-stream' },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/open',
    summary:
      'The team view: open (firing or acknowledged) alerts the viewer may see — their own; a lead also their people\'s, down the org chart; alerts.manage every one — one group per affected resource, worst severity first, then oldest. severity is a minimum; owner/unowned go by the complaint\'s assignee; keyset paging with next_cursor.',
    auth: 'alerts.read',
    query: openAlertsQuerySchema,
    responses: { 200: 'OpenAlertGroups' },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/history',
    summary: 'Everything that reached the viewer\'s inbox, dismissed and resolved included; list filters and paging',
    auth: 'alerts.read',
    query: historyQuerySchema,
    responses: { 200: z.union([ref('AlertList'), ref('AlertCursorPage')]) },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/summary',
    summary: 'Counts by status, severity and alert type over a window (default the last 7 days); admins: scope=all',
    auth: 'alerts.read',
    query: summaryQuerySchema,
    responses: { 200: 'AlertSummary' },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/subscriptions',
    summary: 'Every known alert type with the viewer\'s choice, or the default (enabled, in_app, and email where a rule of the type emails)',
    auth: 'alerts.read',
    responses: { 200: 'SubscriptionList' },
    errors: [401, 403],
  },
  {
    method: 'put',
    path: '/api/v1/alerts/subscriptions',
    summary: 'Upsert subscriptions; unknown alert types → 422; answers the full list',
    auth: 'alerts.read',
    body: 'PutSubscriptions',
    responses: { 200: 'SubscriptionList' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/preferences',
    summary: 'The viewer\'s delivery preferences: email on/off, least severity emailed, quiet hours, time zone, digest {frequency: off|hourly|daily, hour}',
    auth: 'alerts.read',
    responses: { 200: 'Preferences' },
    errors: [401, 403],
  },
  {
    method: 'put',
    path: '/api/v1/alerts/preferences',
    summary: 'Change the given preferences; quiet_hours null turns them off; digest {frequency?, hour?} changes the fields given (a new schedule starts with the next period); answers all of them',
    auth: 'alerts.read',
    body: 'PutPreferences',
    responses: { 200: 'Preferences' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/test',
    summary: 'Admin: send a test message through the given channels now (not through the outbox) and answer how each went; a webhook_url on an internal address (unless OUTBOUND_ALLOW admits it) is a 422',
    auth: 'alerts.manage',
    body: 'DeliveryTest',
    responses: { 200: 'DeliveryTestResult' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/admin/jobs',
    summary: 'Every cron job: schedule, next run, late (no success within twice its interval), last success, last ten runs',
    auth: 'alerts.manage',
    responses: { 200: 'JobsOverview' },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/admin/jobs/{job}/run',
    summary: 'Run a job now, as its cron would (same lock: a concurrent run is recorded as skipped)',
    auth: 'alerts.manage',
    responses: { 200: 'CronRun' },
    errors: [401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/admin/deliveries',
    summary: 'Every delivery, newest first, by status and channel; page on with before=next_before',
    auth: 'alerts.manage',
    query: deliveriesQuerySchema,
    responses: { 200: 'DeliveryPage' },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/admin/deliveries/{id}/retry',
    summary: 'Send a failed, dead or skipped delivery again now, with a fresh attempt budget; others are 409',
    auth: 'alerts.manage',
    responses: { 204: null },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/v1/admin/silences',
    summary: 'Active and scheduled silences, then those that ended in the last 7 days, with how many alerts each kept quiet',
    auth: 'alerts.manage',
    responses: { 200: 'SilenceList' },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/admin/silences',
    summary:
      'Silence what matches (rule_id, alert_type, severity, resource_type, resource_id, or complaint_reference for a complaint\'s alerts; at least one) until ends_at or for duration_minutes; an unknown complaint reference is 422',
    auth: 'alerts.manage',
    body: 'CreateSilence',
    responses: { 201: 'Silence' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/admin/silences/preview',
    summary: 'The open alerts a silence with this body would match (newest firing first, at most 20) and their total; nothing is saved. Takes the body of a new silence; only its matchers count.',
    auth: 'alerts.manage',
    body: 'SilencePreviewBody',
    responses: { 200: 'SilencePreview' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/admin/silences/{id}',
    summary: 'End a silence now; one already ended is 409',
    auth: 'alerts.manage',
    responses: { 204: null },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/v1/admin/audit',
    summary: 'Who did what, newest first, by action or target; page on with before=next_before',
    auth: 'alerts.manage',
    query: auditQuerySchema,
    responses: { 200: 'AuditPage' },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/v1/admin/users',
    summary: 'People by name, with their manager and invite status; q searches name and email, role and active filter; page on with cursor=next_cursor',
    auth: 'alerts.manage',
    query: listUsersQuerySchema,
    responses: { 200: 'UserPage' },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/admin/users',
    summary: 'Add a person (manager_id: an active person) and answer their one-time invite link, valid 72 hours and emailed when SMTP is configured; a taken email (any case) is 409',
    auth: 'alerts.manage',
    body: 'CreateUser',
    responses: { 201: 'CreatedUser' },
    errors: [400, 401, 403, 409, 422],
  },
  {
    method: 'patch',
    path: '/api/v1/admin/users/{id}',
    summary: 'Change name, role, manager_id or active. A manager loop is 422 on manager_id; demoting or deactivating the last active admin is 409. Deactivating ends their sessions, skips their waiting deliveries and revokes their invites.',
    auth: 'alerts.manage',
    body: 'UpdateUser',
    responses: { 200: 'AdminUser' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/v1/admin/users/{id}/invite',
    summary: 'A new invite link for the person (older ones stop working); 409 for a deactivated person',
    auth: 'alerts.manage',
    responses: { 200: 'InviteLink' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/admin/users/{id}/invite',
    summary: 'Withdraw the person\'s open invite link; 409 when there is none',
    auth: 'alerts.manage',
    responses: { 204: null },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/v1/invites/{token}',
    summary: 'Public, the link is the credential: the invited person sets their password (10 to 200 characters) and name; the link is used up. Unknown link 404; expired, used or withdrawn 410.',
    auth: 'public',
    body: 'AcceptInvite',
    responses: { 200: 'SignedUpUser' },
    errors: [400, 404, 410, 413, 422],
  },
  {
    method: 'post',
    path: '/api/v1/digests/unsubscribe/{token}',
    summary:
      'Public, the digest email\'s link is the credential (RFC 8058 one-click: List-Unsubscribe-Post; the body is not read): turns that person\'s digest off, audited; already off answers changed: false. A malformed or forged token is 404 and changes nothing. With ?from=page (the confirm page\'s form) it answers 303 back to the page.',
    auth: 'public',
    responses: { 200: 'UnsubscribeResult' },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/api/v1/setup',
    summary: 'Public, with the setup link\'s token: create the first admin. Unknown link 404; expired or used link, or an admin already exists, 410.',
    auth: 'public',
    body: 'Setup',
    responses: { 201: 'SignedUpUser' },
    errors: [400, 404, 409, 410, 413, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/rules',
    summary:
      'Every alert rule (a JSON array in the seeds\' shape), each with stats: {open, last_fired_at, fired_24h} — its open alerts, when it last fired (its newest alert, or the last repeat of one still open) and how many alerts it raised in the last 24 hours',
    auth: 'alerts.manage',
    responses: { 200: 'RuleList' },
    errors: [401, 403],
  },  {
    method: 'post',
    path: '/api/v1/alerts/rules',
    summary: 'Create a rule; its check must exist and its conditions fit the check, its webhook URL must not be an internal address (422 names the field); a taken name is 409',
    auth: 'alerts.manage',
    body: 'RuleShape',
    responses: { 201: 'Rule' },
    errors: [400, 401, 403, 409, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/rules/preview',
    summary: 'What the rule as edited would raise, repeat and resolve now, run against live data and rolled back',
    auth: 'alerts.manage',
    body: 'RulePreview',
    responses: { 200: 'RulePreviewResult' },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/rules/backtest',
    summary: 'The rule as edited, and as saved, replayed at each run of its check over the last 1–30 days of history: alerts per day, who would have been told how often (after cooldown, hourly cap, grouping, silences and preferences), the noisiest resources, and what the replay cannot know',
    auth: 'alerts.manage',
    body: 'RuleBacktest',
    responses: { 200: 'RuleBacktestResult' },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'One rule',
    auth: 'alerts.manage',
    responses: { 200: 'Rule' },
    errors: [401, 403, 404, 422],
  },
  {
    method: 'put',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'Replace a rule, sending the version it was edited from; a stale version is 409 with current_version',
    auth: 'alerts.manage',
    body: 'RuleUpdate',
    responses: { 200: 'Rule' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/alerts/rules/{id}',
    summary: 'Delete a rule; its alerts stay, without a rule',
    auth: 'alerts.manage',
    responses: { 204: null },
    errors: [401, 403, 404, 422],
  },

  {
    method: 'post',
    path: '/api/v1/alerts/evaluate',
    summary: 'Run every enabled check now; what fired per rule',
    auth: 'alerts.manage',
    responses: { 200: 'EvaluateResult' },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/events',
    summary: `One event, an array of up to ${MAX_EVENTS_PER_REQUEST}, or {events: [...]}; stored and evaluated before this answers`,
    auth: 'events.write',
    body: 'IngestBody',
    responses: { 200: 'IngestResult' },
    errors: [400, 401, 403, 413, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/analytics',
    summary: 'Load, response and noise per hour, day or week (default: the last 30 days by day): alerts by severity, open vs resolved, MTTA and MTTR (p50, p90), SLA breaches and complaints met, deliveries, load per person, the noisiest rules. Everyone\'s for alerts.manage (or one lead\'s team with team=), the viewer\'s own team otherwise',
    auth: 'alerts.read',
    query: analyticsQuerySchema,
    responses: { 200: 'Analytics' },
    errors: [401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/rules/label-suggestions',
    summary: 'The labels Prometheus, Alertmanager and Grafana alerts carried in the last day, most used first, for labels.<name> conditions in the rule editor',
    auth: 'alerts.manage',
    responses: { 200: 'LabelSuggestions' },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v2/alerts',
    summary: `Alertmanager API v2: Prometheus' notifier and amtool post up to ${MAX_ALERTS_PER_REQUEST} alerts; the label set is the identity, endsAt in the past resolves, a firing alert not sent again within endsAt (else 5 minutes) resolves by itself. Errors are 400 with a message, as Alertmanager answers`,
    auth: 'events.write',
    body: 'PostableAlerts',
    responses: { 200: 'SignalResult' },
    errors: [400, 401, 403, 413],
  },
  {
    method: 'get',
    path: '/api/v2/alerts',
    summary: 'Alertmanager API v2 (amtool alert query): the open alerts from Prometheus, Alertmanager and Grafana the caller may see',
    auth: 'alerts.read',
    query: amListQuerySchema,
    responses: { 200: 'GettableAlerts' },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/v2/status',
    summary: 'Alertmanager API v2 status, for clients that check it',
    auth: 'alerts.read',
    responses: { 200: 'AlertmanagerStatus' },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/integrations/alertmanager',
    summary: 'An Alertmanager webhook receiver (payload version 4): firing and resolved alerts, deduplicated by their labels with those of POST /api/v2/alerts',
    auth: 'events.write',
    body: 'AlertmanagerWebhook',
    responses: { 200: 'SignalResult' },
    errors: [400, 401, 403, 413],
  },
  {
    method: 'post',
    path: '/api/v1/integrations/grafana',
    summary: 'A Grafana webhook contact point: firing and resolved alerts, deduplicated by their labels; dashboard, panel and silence links kept',
    auth: 'events.write',
    body: 'AlertmanagerWebhook',
    responses: { 200: 'SignalResult' },
    errors: [400, 401, 403, 413],
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    summary: 'The viewer\'s personal API tokens',
    auth: 'signed-in',
    responses: { 200: 'TokenList' },
    errors: [401],
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create a personal API token (from a signed-in session only; scopes ⊆ the viewer\'s permissions)',
    auth: 'signed-in',
    body: 'CreateToken',
    responses: { 201: 'CreatedToken' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    summary: 'Revoke one of the viewer\'s tokens',
    auth: 'signed-in',
    responses: { 204: null },
    errors: [401, 404],
  },
  {
    method: 'get',
    path: '/api/v1/me',
    summary: 'The caller: name, email, role, time zone and manager',
    auth: 'alerts.read',
    responses: { 200: 'Profile' },
    errors: [401, 403],
  },
  {
    method: 'patch',
    path: '/api/v1/me',
    summary: 'Change one\'s own name (the time zone is a notification preference)',
    auth: 'alerts.read',
    body: 'UpdateProfile',
    responses: { 200: 'Profile' },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/me/password',
    summary: 'Change one\'s own password from a signed-in session (422 when the current one is wrong); every other session ends',
    auth: 'alerts.read',
    body: 'ChangePassword',
    responses: { 204: null },
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/v1/complaints/{id}/assign',
    summary:
      'Assign the complaint: without assignee_id to the viewer; a lead may give it to anyone active in their team, alerts.manage to any active person (anyone else: 403). Who may see an alert about it, managers and admins may assign it; 404 otherwise, 409 when it is resolved or closed, 422 on assignee_id for an unknown or deactivated person; audited with from and to',
    auth: 'alerts.read',
    body: 'AssignComplaint',
    bodyOptional: true,
    responses: { 200: 'AssignResult' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/v1/team',
    summary: 'Whom the viewer may assign complaints to: themselves and their active people down the org chart (alerts.manage: every active person), by name; staff get themselves',
    auth: 'alerts.read',
    responses: { 200: 'AssignablePeople' },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    auth: 'public',
    responses: { 200: z.record(z.string(), z.unknown()) },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/cron/{job}',
    summary: 'Run a cron job now (Vercel-style; safe to double-fire); 500 when the job failed',
    auth: 'cron',
    responses: { 200: 'CronRun', 500: 'CronRun' },
    errors: [401, 404],
  },
  {
    method: 'get',
    path: '/api/health',
    summary: 'Readiness: the app answers and its database does; late cron jobs make it "degraded" (still 200)',
    auth: 'public',
    responses: { 200: 'Health' },
    errors: [503],
  },
  {
    method: 'get',
    path: '/api/metrics',
    summary: 'Prometheus metrics of this instance (text exposition format): events, alerts, deliveries, latency, jobs, outbox, live streams; 404 while METRICS_TOKEN is unset',
    auth: 'metrics',
    responses: { 200: 'prometheus-text' },
    errors: [401, 404],
  },
];
