import { describe, expect, it } from 'vitest';
import { digestPeriodStart, quietUntil } from './local-time';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString().replace('.000Z', 'Z') ?? null;

describe('quietUntil', () => {
  it.each([
    // [now, zone, start, end, ends at]
    ['2026-12-01T23:30:00Z', 'UTC', '22:00', '07:00', '2026-12-02T07:00:00Z'], // across midnight, before it
    ['2026-12-02T03:00:00Z', 'UTC', '22:00', '07:00', '2026-12-02T07:00:00Z'], // across midnight, after it
    ['2026-12-02T07:00:00Z', 'UTC', '22:00', '07:00', null], // the end itself is not quiet
    ['2026-12-02T21:59:00Z', 'UTC', '22:00', '07:00', null],
    ['2026-12-02T22:00:00Z', 'UTC', '22:00', '07:00', '2026-12-03T07:00:00Z'],
    ['2026-12-02T13:00:00Z', 'UTC', '12:00', '14:00', '2026-12-02T14:00:00Z'], // within one day
    ['2026-12-02T14:30:00Z', 'UTC', '12:00', '14:00', null],
    ['2026-12-02T14:30:00Z', 'Asia/Tokyo', '22:00', '07:00', '2026-12-02T22:00:00Z'], // 23:30 in Tokyo: quiet until 07:00 JST
    ['2026-12-02T14:30:00Z', 'Asia/Kolkata', '19:30', '20:15', '2026-12-02T14:45:00Z'], // half-hour zone
    // New York springs forward on 2027-03-14 (02:00 EST → 03:00 EDT): 07:00 EDT is 11:00Z
    ['2027-03-14T05:00:00Z', 'America/New_York', '22:00', '07:00', '2027-03-14T11:00:00Z'],
    // Berlin falls back on 2026-10-25 (03:00 CEST → 02:00 CET): 07:00 CET is 06:00Z
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '22:00', '07:00', '2026-10-25T06:00:00Z'],
    // quiet hours ending inside the spring-forward gap end at the first minute after it
    ['2027-03-28T00:30:00Z', 'Europe/Berlin', '00:00', '02:30', '2027-03-28T01:30:00Z'],
  ])('at %s in %s, quiet %s–%s: until %s', (now, tz, start, end, until) => {
    expect(iso(quietUntil(at(now), tz, start, end))).toBe(until);
  });

  it('holds nothing back without quiet hours, with an empty window, or in a zone it does not know', () => {
    const now = at('2026-12-02T03:00:00Z');
    expect(quietUntil(now, 'UTC', null, null)).toBeNull();
    expect(quietUntil(now, 'UTC', '22:00', null)).toBeNull();
    expect(quietUntil(now, 'UTC', '07:00', '07:00')).toBeNull();
    expect(quietUntil(now, 'Mars/Olympus', '00:00', '23:59')).toBeNull();
  });
});

describe('digestPeriodStart', () => {
  it.each([
    ['hourly', 0, 'Asia/Kolkata', '2026-12-01T10:20:00Z', '2026-12-01T10:00:00Z'],
    ['daily', 8, 'UTC', '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z'],
    ['daily', 8, 'UTC', '2026-12-01T07:59:59Z', '2026-11-30T08:00:00Z'],
    ['daily', 8, 'America/New_York', '2027-03-14T13:00:00Z', '2027-03-14T12:00:00Z'], // EDT from that morning
    ['daily', 8, 'America/New_York', '2027-03-13T13:30:00Z', '2027-03-13T13:00:00Z'], // EST the day before
    ['daily', 23, 'Pacific/Auckland', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z'],
    ['daily', 6, 'Mars/Olympus', '2026-12-01T05:00:00Z', '2026-11-30T06:00:00Z'], // an unknown zone counts as UTC
    ['daily', 2, 'Europe/Berlin', '2027-03-28T05:00:00Z', '2027-03-28T01:00:00Z'], // 02:00 does not exist that day: 03:00 CEST
    ['daily', 0, 'Europe/Berlin', '2026-10-25T22:59:00Z', '2026-10-24T22:00:00Z'], // a 25-hour day: still its own midnight
  ] as const)('%s at %i in %s, at %s: %s', (frequency, hour, tz, now, start) => {
    expect(iso(digestPeriodStart(frequency, hour, tz, at(now)))).toBe(start);
  });
});
