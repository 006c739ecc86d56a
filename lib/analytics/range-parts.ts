/** How a window of time is read from rollups: whole units from a rollup table, the rest from raw rows. */
export type RangeLevel = 'day' | 'hour';
export type RangePart = { source: RangeLevel | 'raw'; lo: Date; hi: Date; sign: 1 | -1 };

const UNIT_MS: Record<RangeLevel, number> = { day: 86_400_000, hour: 3_600_000 };
const nearest = (t: number, unit: number) => Math.round(t / unit) * unit;

/**
 * [lo, hi) as signed parts: the whole `levels[0]` units between the units nearest to each end, then
 * each end's remainder (added when the end lies outside those units, taken away when inside) the same
 * way with the next finer level, down to raw rows. Each remainder is at most half a unit, so a month
 * read by day costs at most half a day of hour rows and half an hour of raw rows at each end.
 */
export function rangeParts(lo: Date, hi: Date, levels: readonly RangeLevel[], sign: 1 | -1 = 1): RangePart[] {
  if (lo.getTime() >= hi.getTime()) return [];
  const [level, ...finer] = levels;
  if (!level) return [{ source: 'raw', lo, hi, sign }];
  const a = nearest(lo.getTime(), UNIT_MS[level]);
  const b = nearest(hi.getTime(), UNIT_MS[level]);
  if (a >= b) return rangeParts(lo, hi, finer, sign);
  const A = new Date(a);
  const B = new Date(b);
  const flip = (s: 1 | -1) => (s === 1 ? -1 : 1) as 1 | -1;
  return [
    { source: level, lo: A, hi: B, sign },
    ...(lo < A ? rangeParts(lo, A, finer, sign) : rangeParts(A, lo, finer, flip(sign))),
    ...(hi > B ? rangeParts(B, hi, finer, sign) : rangeParts(hi, B, finer, flip(sign))),
  ];
}
