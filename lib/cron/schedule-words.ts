/**
 * A cron schedule in words, for the jobs page: "every 5 minutes", "daily at 07:00 UTC". The
 * schedules of vercel.json are simple (steps, fixed minutes and hours, weekdays), so a small
 * function serves; anything it does not know returns null and the page shows the expression alone.
 * Vercel Cron and the local scheduler run schedules in UTC.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NUMBER = /^\d{1,2}$/;
const STEP = /^\*\/(\d{1,2})$/;

const plural = (n: number, unit: string) => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);
const two = (n: number) => String(n).padStart(2, '0');

function days(field: string): string | null {
  if (field === '1-5') return 'weekdays';
  if (field === '0,6' || field === '6,0') return 'weekends';
  const list = field.split(',');
  if (!list.every((d) => /^[0-7]$/.test(d))) return null;
  const names = list.map((d) => DAYS[Number(d) % 7]!);
  return `every ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]}`;
}

export function scheduleInWords(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (month !== '*') return null;
  const m = NUMBER.test(minute) && Number(minute) < 60 ? Number(minute) : null;
  const h = NUMBER.test(hour) && Number(hour) < 24 ? Number(hour) : null;

  if (hour === '*' && dom === '*' && dow === '*') {
    if (minute === '*') return 'every minute';
    const step = STEP.exec(minute);
    if (step) return plural(Number(step[1]), 'minute');
    if (m !== null) return m === 0 ? 'every hour, on the hour' : `every hour at :${two(m)}`;
    return null;
  }
  const hourStep = STEP.exec(hour);
  if (hourStep && m !== null && dom === '*' && dow === '*') return `${plural(Number(hourStep[1]), 'hour')} at :${two(m)}`;
  if (m === null || h === null) return null;
  const at = `at ${two(h)}:${two(m)} UTC`;
  if (dom === '*' && dow === '*') return `daily ${at}`;
  if (dom === '*') {
    const which = days(dow);
    return which ? `${which} ${at}` : null;
  }
  if (dow === '*' && NUMBER.test(dom) && Number(dom) >= 1 && Number(dom) <= 31) return `monthly on day ${Number(dom)} ${at}`;
  return null;
}
