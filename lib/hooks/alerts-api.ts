import type { AlertCursorPage, AlertList, UnreadCount } from '@/lib/alerts/inbox';
import type { BacktestResult } from '@/lib/alerts/backtest';
import type { CronRunSummary } from '@/lib/cron/run';
import type { AuditPage, AuditQuery, CreateSilenceInput, DeliveriesQuery, DeliveryPage, Silence, SilencePreview, SilencePreviewInput } from '@/lib/validation/admin';
import type { AlertDetail, BulkResult, RuleJson, RulePreviewResult, SnoozeResult } from '@/lib/validation/alert-responses';
import type { RulePreviewInput, RuleShape } from '@/lib/validation/rules';
import type { BulkAction, ListAlertsQuery, SnoozeBody } from '@/lib/validation/alerts';
import type { DeliveryTestInput, DeliveryTestResult } from '@/lib/validation/delivery-test';
import type { PreferencesBody, PutPreferencesInput } from '@/lib/validation/preferences';
import type { PutSubscriptionsInput, SubscriptionList } from '@/lib/validation/subscriptions';
import type { CenterFilters } from './center-filters';
import { feedQuery } from './center-filters';

/** The per-viewer inbox actions answered with 204. */
export type InboxAction = 'read' | 'unread' | 'dismiss' | 'undismiss';
export type LifecycleAction = 'acknowledge' | 'resolve';

/** Query keys shared by the server prefetch and the client hooks: they must match for hydration. */
export const alertKeys = {
  all: ['alerts'] as const,
  /** page-numbered lists (the bell's latest five) */
  lists: ['alerts', 'list'] as const,
  list: (params: ListAlertsQuery) => ['alerts', 'list', params] as const,
  /** the notification center's keyset-paged feeds, one per tab + filters */
  feeds: ['alerts', 'feed'] as const,
  feed: (filters: CenterFilters) => ['alerts', 'feed', filters] as const,
  details: ['alerts', 'detail'] as const,
  detail: (id: number) => ['alerts', 'detail', id] as const,
  unreadCount: ['alerts', 'unread-count'] as const,
  alertTypes: ['alerts', 'types'] as const,
  preferences: ['settings', 'preferences'] as const,
  subscriptions: ['settings', 'subscriptions'] as const,
};

export const FEED_PAGE_SIZE = 25;
export const FEED_START = 'start';
export const BELL_PARAMS: ListAlertsQuery = { page: 1, page_size: 5, unread_only: false };

/** A non-2xx answer from the alerts API, with the problem+json detail and field errors when there are any. */
export class AlertsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: { errors?: { path: string; message: string; code?: string }[]; current_version?: number } = {},
  ) {
    super(message);
  }
}

export async function request(url: string, init?: RequestInit & { json?: unknown }): Promise<Response> {
  const { json, ...rest } = init ?? {};
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { credentials: 'same-origin', headers, body: json === undefined ? undefined : JSON.stringify(json), ...rest });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as ({ detail?: string; title?: string } & AlertsRequestError['problem']) | null;
    throw new AlertsRequestError(res.status, problem?.detail ?? problem?.title ?? `Request failed (${res.status})`, problem ?? {});
  }
  return res;
}

export const toSearch = (params: Record<string, unknown>) => {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) qs.set(key, String(value));
  return qs.toString();
};

export async function fetchAlertList(params: ListAlertsQuery): Promise<AlertList> {
  return (await request(`/api/v1/alerts?${toSearch(params)}`)).json();
}

export async function fetchAlertFeedPage(filters: CenterFilters, cursor: string, signal?: AbortSignal): Promise<AlertCursorPage> {
  return (await request(`/api/v1/alerts?${toSearch(feedQuery(filters, cursor, FEED_PAGE_SIZE))}`, { signal })).json();
}

export async function fetchAlertDetail(id: number): Promise<AlertDetail> {
  return (await request(`/api/v1/alerts/${id}`)).json();
}

export async function fetchUnreadCount(): Promise<UnreadCount> {
  return (await request('/api/v1/alerts/unread/count')).json();
}

export async function fetchAlertTypes(): Promise<string[]> {
  const body = (await (await request('/api/v1/alerts/subscriptions')).json()) as SubscriptionList;
  return body.subscriptions.map((s) => s.alert_type);
}

export async function fetchPreferences(): Promise<PreferencesBody> {
  return (await request('/api/v1/alerts/preferences')).json();
}

export async function putPreferences(change: PutPreferencesInput): Promise<PreferencesBody> {
  return (await request('/api/v1/alerts/preferences', { method: 'PUT', json: change })).json();
}

export async function fetchSubscriptions(): Promise<SubscriptionList> {
  return (await request('/api/v1/alerts/subscriptions')).json();
}

export async function putSubscriptions(input: PutSubscriptionsInput): Promise<SubscriptionList> {
  return (await request('/api/v1/alerts/subscriptions', { method: 'PUT', json: input })).json();
}

export async function postDeliveryTest(input: DeliveryTestInput): Promise<DeliveryTestResult> {
  return (await request('/api/v1/alerts/test', { method: 'POST', json: input })).json();
}

export async function saveRule(rule: RuleShape & { id?: number; version?: number }): Promise<RuleJson> {
  const { id, ...body } = rule;
  const res = id ? await request(`/api/v1/alerts/rules/${id}`, { method: 'PUT', json: body }) : await request('/api/v1/alerts/rules', { method: 'POST', json: body });
  return res.json();
}

export async function deleteRuleRequest(id: number): Promise<void> {
  await request(`/api/v1/alerts/rules/${id}`, { method: 'DELETE' });
}

export async function previewRuleRequest(rule: RulePreviewInput, signal?: AbortSignal): Promise<RulePreviewResult> {
  return (await request('/api/v1/alerts/rules/preview', { method: 'POST', json: rule, signal })).json();
}

/** The rule as edited (and as saved) replayed over the last `days` of history. */
export async function backtestRuleRequest(input: { rule: RulePreviewInput; days: number }): Promise<BacktestResult> {
  return (await request('/api/v1/alerts/rules/backtest', { method: 'POST', json: input })).json();
}

export async function runJobRequest(job: string): Promise<CronRunSummary> {
  return (await request(`/api/v1/admin/jobs/${encodeURIComponent(job)}/run`, { method: 'POST' })).json();
}

export async function fetchDeliveryPage(query: Partial<DeliveriesQuery>): Promise<DeliveryPage> {
  return (await request(`/api/v1/admin/deliveries?${toSearch(query)}`)).json();
}

export async function retryDeliveryRequest(id: number): Promise<void> {
  await request(`/api/v1/admin/deliveries/${id}/retry`, { method: 'POST' });
}

export async function createSilenceRequest(input: CreateSilenceInput): Promise<Silence> {
  return (await request('/api/v1/admin/silences', { method: 'POST', json: input })).json();
}

export async function previewSilenceRequest(input: SilencePreviewInput, signal?: AbortSignal): Promise<SilencePreview> {
  return (await request('/api/v1/admin/silences/preview', { method: 'POST', json: input, signal })).json();
}

export async function expireSilenceRequest(id: number): Promise<void> {
  await request(`/api/v1/admin/silences/${id}`, { method: 'DELETE' });
}

export async function fetchAuditPage(query: Partial<AuditQuery>): Promise<AuditPage> {
  return (await request(`/api/v1/admin/audit?${toSearch(query)}`)).json();
}

export async function putInboxAction(alertId: number, action: InboxAction): Promise<void> {
  await request(`/api/v1/alerts/${alertId}/${action}`, { method: 'PUT' });
}

export async function postLifecycle(alertId: number, action: LifecycleAction, note?: string): Promise<AlertDetail> {
  return (await request(`/api/v1/alerts/${alertId}/${action}`, { method: 'POST', json: note ? { note } : {} })).json();
}

export async function postSnooze(alertId: number, body: SnoozeBody): Promise<SnoozeResult> {
  return (await request(`/api/v1/alerts/${alertId}/snooze`, { method: 'POST', json: body })).json();
}

export async function postBulk(action: BulkAction, ids: number[], snooze?: SnoozeBody): Promise<BulkResult> {
  return (await request('/api/v1/alerts/bulk', { method: 'POST', json: { action, ids, ...(snooze ? { snooze } : {}) } })).json();
}

export async function postMarkAllRead(): Promise<{ updated: number }> {
  return (await request('/api/v1/alerts/mark-all-read', { method: 'POST', json: {} })).json();
}

export type AssignResult = { id: number; reference: string; assignee: { id: number; name: string } };

/** Assign a complaint: to the viewer without an assignee, else to that person. */
export async function postAssignComplaint(complaintId: number, assigneeId?: number): Promise<AssignResult> {
  return (await request(`/api/v1/complaints/${complaintId}/assign`, { method: 'POST', json: assigneeId === undefined ? {} : { assignee_id: assigneeId } })).json();
}
