import { SEVERITIES, type Severity } from '@/db/schema';
import type { AlertView } from '@/lib/validation/alerts';

/** The notification center's tabs, in the order they are shown. */
export const CENTER_TABS = ['unread', 'all', 'snoozed', 'acknowledged', 'resolved', 'dismissed'] as const satisfies readonly AlertView[];
export type CenterTab = (typeof CENTER_TABS)[number];
export const DEFAULT_TAB: CenterTab = 'all';

/** What the center shows; lives in the URL (`?tab=&severity=&type=&q=`) so a view can be shared and Back works. */
export type CenterFilters = { tab: CenterTab; severity: Severity | null; type: string | null; q: string | null };

export const DEFAULT_FILTERS: CenterFilters = { tab: DEFAULT_TAB, severity: null, type: null, q: null };

const ALERT_TYPE = /^[a-z][a-z0-9_.]{0,63}$/;
const MAX_Q = 200;

type ParamSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(source: ParamSource, name: string): string | null {
  if (typeof (source as URLSearchParams).get === 'function') return (source as URLSearchParams).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** URL → filters. Anything unknown falls back to the default rather than breaking the page. */
export function parseCenterFilters(source: ParamSource): CenterFilters {
  const tab = read(source, 'tab');
  const severity = read(source, 'severity');
  const type = read(source, 'type');
  const q = read(source, 'q')?.trim().slice(0, MAX_Q) || null;
  return {
    tab: (CENTER_TABS as readonly string[]).includes(tab ?? '') ? (tab as CenterTab) : DEFAULT_TAB,
    severity: (SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as Severity) : null,
    type: type && ALERT_TYPE.test(type) ? type : null,
    q,
  };
}

/** Filters → the query string, leaving defaults out so the plain URL stays plain. */
export function centerSearch(filters: CenterFilters): string {
  const qs = new URLSearchParams();
  if (filters.tab !== DEFAULT_TAB) qs.set('tab', filters.tab);
  if (filters.severity) qs.set('severity', filters.severity);
  if (filters.type) qs.set('type', filters.type);
  if (filters.q) qs.set('q', filters.q);
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** Filters + a keyset cursor → GET /api/v1/alerts parameters (snake_case, as the API takes them). */
export function feedQuery(filters: CenterFilters, cursor: string, pageSize: number) {
  return {
    view: filters.tab,
    severity: filters.severity ?? undefined,
    alert_type: filters.type ?? undefined,
    q: filters.q ?? undefined,
    cursor,
    page_size: pageSize,
  };
}

export const hasNarrowingFilters = (f: CenterFilters) => Boolean(f.severity || f.type || f.q);
