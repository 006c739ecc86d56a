const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatRelative(iso: string, now: number): string {
  const diff = now - new Date(iso).getTime();
  // ahead of now (a retry, a snooze's end): "in 5 min"
  if (diff <= -MINUTE) return formatDue(iso, now);
  const ms = Math.max(0, diff);
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  if (ms < 7 * DAY) return `${Math.floor(ms / DAY)} d ago`;
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** A relative time with the exact time on hover; server and browser clocks differ by a moment, hence the suppression. */
export function RelativeTime({ iso, now, className }: { iso: string; now: number; className?: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className={className} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}

/** A time ahead, short: "14:30" today, "Tue 08:00" this week, else a date. */
export function formatClock(iso: string, now: number): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const days = Math.abs(at.getTime() - now) / DAY;
  if (new Date(now).toDateString() === at.toDateString()) return time;
  if (days < 6) return `${at.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** "in 12 min" / "23 min overdue": a deadline relative to now, both directions. */
export function formatDue(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const span = abs < MINUTE ? 'under a minute' : abs < HOUR ? `${Math.round(abs / MINUTE)} min` : abs < DAY ? `${Math.floor(abs / HOUR)} h ${Math.round((abs % HOUR) / MINUTE)} min` : `${Math.round(abs / DAY)} d`;
  return ms >= 0 ? `in ${span}` : `${span} overdue`;
}
