import { describe, expect, it } from 'vitest';
import { CRON_ENTRIES } from './schedule';
import { scheduleInWords } from './schedule-words';

describe('schedules in words', () => {
  it.each([
    ['* * * * *', 'every minute'],
    ['*/1 * * * *', 'every minute'],
    ['*/5 * * * *', 'every 5 minutes'],
    ['*/15 * * * *', 'every 15 minutes'],
    ['0 * * * *', 'every hour, on the hour'],
    ['30 * * * *', 'every hour at :30'],
    ['5 */6 * * *', 'every 6 hours at :05'],
    ['0 7 * * *', 'daily at 07:00 UTC'],
    ['30 3 * * *', 'daily at 03:30 UTC'],
    ['0 9 * * 1', 'every Monday at 09:00 UTC'],
    ['0 9 * * 1,5', 'every Monday and Friday at 09:00 UTC'],
    ['0 9 * * 7', 'every Sunday at 09:00 UTC'],
    ['0 8 * * 1-5', 'weekdays at 08:00 UTC'],
    ['15 2 1 * *', 'monthly on day 1 at 02:15 UTC'],
  ])('%s → %s', (expression, words) => {
    expect(scheduleInWords(expression)).toBe(words);
  });

  it.each([['0 0 1 1 *'], ['0-10 * * * *'], ['0 7 * * MON'], ['61 * * * *'], ['0 25 * * *'], ['* * * *'], ['']])('leaves %j to the expression itself', (expression) => {
    expect(scheduleInWords(expression)).toBeNull();
  });

  it('says every schedule of vercel.json in words', () => {
    for (const entry of CRON_ENTRIES) expect(scheduleInWords(entry.schedule), entry.schedule).not.toBeNull();
  });
});
