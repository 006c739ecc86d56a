import { describe, expect, it } from 'vitest';
import { rangeParts, type RangePart } from './range-parts';

const d = (s: string) => new Date(s);
const show = (parts: RangePart[]) => parts.map((p) => `${p.sign > 0 ? '+' : '-'}${p.source} ${p.lo.toISOString().slice(5, 16)}..${p.hi.toISOString().slice(5, 16)}`);

/** Sum of the parts' lengths, signed: always the window's own length. */
const covered = (parts: RangePart[]) => parts.reduce((n, p) => n + p.sign * (p.hi.getTime() - p.lo.getTime()), 0);

describe('rangeParts', () => {
  it('reads whole days from the day rollup and only the ends from finer ones', () => {
    const parts = rangeParts(d('2026-11-01T05:20:00Z'), d('2026-12-01T05:20:00Z'), ['day', 'hour']);
    expect(show(parts)).toEqual([
      '+day 11-01T00:00..12-01T00:00',
      '-hour 11-01T00:00..11-01T05:00',
      '-raw 11-01T05:00..11-01T05:20',
      '+hour 12-01T00:00..12-01T05:00',
      '+raw 12-01T05:00..12-01T05:20',
    ]);
    expect(covered(parts)).toBe(30 * 86_400_000);
  });

  it('takes an end away when it is nearer the next unit, and reads short windows raw', () => {
    const parts = rangeParts(d('2026-11-01T23:40:00Z'), d('2026-11-03T12:50:00Z'), ['day', 'hour']);
    expect(show(parts)).toEqual(['+day 11-02T00:00..11-04T00:00', '+raw 11-01T23:40..11-02T00:00', '-hour 11-03T13:00..11-04T00:00', '-raw 11-03T12:50..11-03T13:00']);
    expect(show(rangeParts(d('2026-11-01T10:10:00Z'), d('2026-11-01T10:20:00Z'), ['day', 'hour']))).toEqual(['+raw 11-01T10:10..11-01T10:20']);
    expect(rangeParts(d('2026-11-01T10:10:00Z'), d('2026-11-01T10:10:00Z'), ['hour'])).toEqual([]);
  });

  it('always covers exactly the window', () => {
    for (let i = 0; i < 200; i++) {
      const lo = Date.UTC(2026, 10, 1) + Math.floor(((i * 7919) % 1000) * 3_600_000 * 0.37);
      const hi = lo + 1 + ((i * 104729) % 50) * 1_234_567;
      expect(covered(rangeParts(new Date(lo), new Date(hi), ['day', 'hour']))).toBe(hi - lo);
    }
  });
});
