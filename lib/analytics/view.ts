import type { Bucket } from './analytics';

/** The analytics page's filters as the URL holds them (`?range=30d&bucket=day&team=12`). */
export type AnalyticsView = { range: Range; bucket: Bucket; team: number | null };
export const RANGES = { '24h': 1, '7d': 7, '30d': 30, '90d': 90 } as const;
export type Range = keyof typeof RANGES;

/** Buckets that make sense for a range: hours up to a week, weeks from a month; the first is the default. */
const BUCKETS_FOR: Record<Range, Bucket[]> = { '24h': ['hour'], '7d': ['day', 'hour'], '30d': ['day', 'week'], '90d': ['week', 'day'] };
export const bucketsFor = (range: Range): Bucket[] => BUCKETS_FOR[range];

export function parseView(params: Record<string, string | string[] | undefined>): AnalyticsView {
  const one = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const range = (Object.hasOwn(RANGES, one('range') ?? '') ? one('range') : '30d') as Range;
  const allowed = bucketsFor(range);
  const bucket = (allowed as string[]).includes(one('bucket') ?? '') ? (one('bucket') as Bucket) : allowed[0]!;
  const team = Number(one('team'));
  return { range, bucket, team: Number.isSafeInteger(team) && team > 0 ? team : null };
}

/** The API query of a view, `to` rounded to the minute so that a refresh within it is cached. */
export function viewQuery(view: AnalyticsView, now = Date.now()): Record<string, string> {
  const to = new Date(Math.ceil(now / 60_000) * 60_000);
  const from = new Date(to.getTime() - RANGES[view.range] * 86_400_000);
  return { from: from.toISOString(), to: to.toISOString(), bucket: view.bucket, ...(view.team ? { team: String(view.team) } : {}) };
}

export const viewSearch = (view: AnalyticsView) =>
  new URLSearchParams({ range: view.range, bucket: view.bucket, ...(view.team ? { team: String(view.team) } : {}) }).toString();
