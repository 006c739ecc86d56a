import { z } from 'zod';

/** An IANA time zone name (Europe/Paris, UTC) that both Intl and PostgreSQL read the same way. */
export const isTimeZone = (tz: string) => {
  // no offsets like "+05:00": PostgreSQL reads those POSIX-style, with the sign inverted
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const timeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone');

/** A time of day, "HH:MM" on a 24-hour clock. */
export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM on a 24-hour clock');
