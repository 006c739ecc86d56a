import type { AlertList, UnreadCount } from '@/lib/alerts/inbox';
import type { ListAlertsQuery } from '@/lib/validation/alerts';

export type AlertAction = 'read' | 'unread' | 'dismiss';

/** Query keys shared by the server prefetch and the client hooks: they must match for hydration. */
export const alertKeys = {
  all: ['alerts'] as const,
  lists: ['alerts', 'list'] as const,
  list: (params: ListAlertsQuery) => ['alerts', 'list', params] as const,
  unreadCount: ['alerts', 'unread-count'] as const,
};

export const CENTER_PAGE_SIZE = 20;
export const centerParams = (page = 1, unreadOnly = false): ListAlertsQuery => ({
  page,
  page_size: CENTER_PAGE_SIZE,
  unread_only: unreadOnly,
});
export const BELL_PARAMS: ListAlertsQuery = { page: 1, page_size: 5, unread_only: false };

/** A non-2xx answer from the alerts API, with the problem+json detail when there is one. */
export class AlertsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, ...init });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
    throw new AlertsRequestError(res.status, problem?.detail ?? problem?.title ?? `Request failed (${res.status})`);
  }
  return res;
}

export async function fetchAlertList(params: ListAlertsQuery): Promise<AlertList> {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) qs.set(key, String(value));
  return (await request(`/api/v1/alerts?${qs}`)).json();
}

export async function fetchUnreadCount(): Promise<UnreadCount> {
  return (await request('/api/v1/alerts/unread/count')).json();
}

export async function putAlertAction(alertId: number, action: AlertAction): Promise<void> {
  await request(`/api/v1/alerts/${alertId}/${action}`, { method: 'PUT' });
}
