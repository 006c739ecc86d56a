import { SEVERITIES, type Severity } from '@/db/schema';
import type { AssignablePeople } from '@/lib/validation/complaints';
import type { OpenAlertGroups, OpenAlertsQuery } from '@/lib/validation/open-alerts';
import { OPEN_PAGE_SIZE } from '@/lib/validation/open-alerts';
import { request } from './alerts-api';

/**
 * The team view's filters: the URL carries them under the API's own names
 * (`/?severity=error&alert_type=sla_breach&owner=12` or `&unowned=true`), so a view can be shared.
 */
export type TeamFilters = { severity: Severity | null; alert_type: string | null; owner: number | null; unowned: boolean };
export const NO_TEAM_FILTERS: TeamFilters = { severity: null, alert_type: null, owner: null, unowned: false };

/** Under the alerts key: every alert mutation's settle refreshes it, and so does the live stream. */
export const teamKeys = {
  all: ['alerts', 'open'] as const,
  view: (filters: TeamFilters) => ['alerts', 'open', filters] as const,
  /** whom the viewer may assign complaints to: under the people key, so a change to people refreshes it */
  assignees: ['people', 'assignable'] as const,
};

const ALERT_TYPE = /^[a-z][a-z0-9_.]{0,63}$/;
type ParamSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(source: ParamSource, name: string): string | null {
  if (typeof (source as URLSearchParams).get === 'function') return (source as URLSearchParams).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** URL → filters; anything malformed is left out rather than breaking the page (the API would answer 422). */
export function parseTeamFilters(source: ParamSource): TeamFilters {
  const severity = read(source, 'severity');
  const type = read(source, 'alert_type');
  const owner = read(source, 'owner');
  const ownerId = owner && /^[1-9][0-9]{0,15}$/.test(owner) && Number.isSafeInteger(Number(owner)) ? Number(owner) : null;
  return {
    severity: (SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as Severity) : null,
    alert_type: type && ALERT_TYPE.test(type) ? type : null,
    owner: ownerId,
    // one or the other: a named owner wins
    unowned: ownerId === null && ['true', '1'].includes(read(source, 'unowned') ?? ''),
  };
}

/** Filters → the query string, defaults left out. */
export function teamSearch(filters: TeamFilters): string {
  const qs = new URLSearchParams();
  if (filters.severity) qs.set('severity', filters.severity);
  if (filters.alert_type) qs.set('alert_type', filters.alert_type);
  if (filters.owner !== null) qs.set('owner', String(filters.owner));
  else if (filters.unowned) qs.set('unowned', 'true');
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** Filters + cursor → what listOpenAlertGroups and GET /api/v1/alerts/open take. */
export function teamQuery(filters: TeamFilters, cursor?: string): OpenAlertsQuery {
  return {
    severity: filters.severity ?? undefined,
    alert_type: filters.alert_type ?? undefined,
    owner: filters.owner ?? undefined,
    unowned: filters.unowned || undefined,
    cursor,
    page_size: OPEN_PAGE_SIZE,
  };
}

export const hasTeamFilters = (f: TeamFilters) => Boolean(f.severity || f.alert_type || f.owner !== null || f.unowned);

export async function fetchOpenAlertGroups(filters: TeamFilters, cursor: string | undefined, signal?: AbortSignal): Promise<OpenAlertGroups> {
  const search = teamSearch(filters);
  const qs = new URLSearchParams(search.slice(1));
  if (cursor) qs.set('cursor', cursor);
  const s = qs.toString();
  return (await request(`/api/v1/alerts/open${s ? `?${s}` : ''}`, { signal })).json();
}

export async function fetchAssignablePeople(signal?: AbortSignal): Promise<AssignablePeople> {
  return (await request('/api/v1/team', { signal })).json();
}
