import { DateTime } from 'luxon';

/**
 * The delivery policy's clock: when a message may go, in the time zone of the person it is for.
 * Pure functions of an instant and a zone (storage is UTC; people live in IANA zones). A zone luxon
 * does not know counts as UTC for a schedule, and as "no quiet hours" for quiet hours: a wrong
 * setting never holds an alert back.
 */

/** A person's wall clock at `at`; null for an unknown zone. */
function wallClock(at: Date, tz: string): DateTime | null {
  const local = DateTime.fromJSDate(at, { zone: tz });
  return local.isValid ? local : null;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When the quiet hours `[start, end)` ("HH:MM", local to `tz`, possibly across midnight) that hold
 * at `now` end — or null when `now` is outside them, they are not set, or empty. A quiet window
 * whose end falls in a daylight-saving gap ends at the first minute that exists after it.
 */
export function quietUntil(now: Date, tz: string, start: string | null, end: string | null): Date | null {
  if (!start || !end || start === end) return null;
  const local = wallClock(now, tz);
  if (!local) return null;
  const t = local.hour * 60 + local.minute + local.second / 60;
  const s = minutesOf(start);
  const e = minutesOf(end);
  const inside = s < e ? t >= s && t < e : t >= s || t < e;
  if (!inside) return null;
  let until = local.startOf('day').set({ hour: Math.floor(e / 60), minute: e % 60 });
  if (until <= local) until = local.startOf('day').plus({ days: 1 }).set({ hour: Math.floor(e / 60), minute: e % 60 });
  return until.toJSDate();
}

export type DigestFrequency = 'hourly' | 'daily';

/**
 * The start of the digest period `at` falls in: hourly, the UTC hour; daily, the latest `hour`:00
 * in the person's zone at or before it (an unknown zone counts as UTC). On a day whose `hour`:00
 * does not exist (a daylight-saving gap) the period starts at the first minute after the gap.
 */
export function digestPeriodStart(frequency: DigestFrequency, hour: number, tz: string, at: Date): Date {
  if (frequency === 'hourly') return DateTime.fromJSDate(at, { zone: 'UTC' }).startOf('hour').toJSDate();
  const local = wallClock(at, tz) ?? DateTime.fromJSDate(at, { zone: 'UTC' });
  let start = local.startOf('day').set({ hour });
  if (start > local) start = local.startOf('day').minus({ days: 1 }).set({ hour });
  return start.toJSDate();
}
