import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getRoute, PUT as putRoute } from '@/app/api/v1/alerts/preferences/route';
import { db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema } from '@/lib/validation/events';
import type { PreferencesBody } from '@/lib/validation/preferences';
import { asViewer, createRule, createUser, tokenFor } from '@/test/fixtures';

const URL_ = 'http://localhost/api/v1/alerts/preferences';
const ctx = { params: Promise.resolve({}) };
const get = async (token: string) => {
  const res = await getRoute(new Request(URL_, { headers: { authorization: `Bearer ${token}` } }), ctx);
  return { status: res.status, body: (await res.json()) as PreferencesBody };
};
const put = async (token: string, body: unknown) => {
  const res = await putRoute(new Request(URL_, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), ctx);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as PreferencesBody & { errors?: { path: string }[] } };
};

let user: Awaited<ReturnType<typeof createUser>>;
let token: string;
beforeAll(async () => {
  user = await createUser('staff');
  token = await tokenFor(user.id, ['alerts.read']);
});

describe('GET/PUT /api/v1/alerts/preferences', () => {
  it('answers the defaults before anything is saved', async () => {
    expect(await get(token)).toEqual({
      status: 200,
      body: { preferences: { email_enabled: true, min_email_severity: 'warning', quiet_hours: null, timezone: 'UTC', digest: { frequency: 'off', hour: 8 } } },
    });
  });

  it('changes only the fields given, audits it, and answers them all', async () => {
    let res = await put(token, { quiet_hours: { start: '22:00', end: '07:00' }, timezone: 'Europe/Paris' });
    expect(res.status).toBe(200);
    expect(res.body.preferences).toEqual({ email_enabled: true, min_email_severity: 'warning', quiet_hours: { start: '22:00', end: '07:00' }, timezone: 'Europe/Paris', digest: { frequency: 'off', hour: 8 } });
    res = await put(token, { min_email_severity: 'critical' });
    expect(res.body.preferences).toMatchObject({ min_email_severity: 'critical', quiet_hours: { start: '22:00', end: '07:00' }, timezone: 'Europe/Paris' });
    res = await put(token, { quiet_hours: null, email_enabled: false });
    expect(res.body.preferences).toEqual({ email_enabled: false, min_email_severity: 'critical', quiet_hours: null, timezone: 'Europe/Paris', digest: { frequency: 'off', hour: 8 } });
    expect((await get(token)).body).toEqual(res.body);
    res = await put(token, { email_enabled: true, digest: { frequency: 'daily', hour: 17 } });
    expect(res.body.preferences).toMatchObject({ email_enabled: true, digest: { frequency: 'daily', hour: 17 } });
    // off keeps the hour for next time; the hour alone changes only the hour
    res = await put(token, { digest: { frequency: 'off' } });
    expect(res.body.preferences.digest).toEqual({ frequency: 'off', hour: 17 });
    res = await put(token, { digest: { hour: 6 } });
    expect(res.body.preferences.digest).toEqual({ frequency: 'off', hour: 6 });
    expect((await get(token)).body).toEqual(res.body);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'notification_preferences.updated'));
    expect(audits.filter((a) => a.actorId === user.id)).toHaveLength(6);
  });

  it.each([
    [{}, ''],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ timezone: '+05:00' }, 'timezone'],
    [{ quiet_hours: { start: '24:00', end: '07:00' } }, 'quiet_hours.start'],
    [{ quiet_hours: { start: '07:00', end: '07:00' } }, 'quiet_hours.end'],
    [{ quiet_hours: { start: '22:00' } }, 'quiet_hours.end'],
    [{ min_email_severity: 'loud' }, 'min_email_severity'],
    [{ email_enabled: 'yes' }, 'email_enabled'],
    [{ slack_enabled: false }, ''],
    [{ digest: {} }, 'digest'],
    [{ digest: { frequency: 'weekly' } }, 'digest.frequency'],
    [{ digest: { frequency: 'daily', hour: 24 } }, 'digest.hour'],
    [{ digest: { frequency: 'daily', hour: 7.5 } }, 'digest.hour'],
    [{ digest: { frequency: 'daily', hour: -1 } }, 'digest.hour'],
    [{ digest: { frequency: 'daily', minute: 5 } }, 'digest'],
    [{ digest: 'daily' }, 'digest'],
  ])('refuses %j with 422 at "%s", changing nothing', async (body, path) => {
    const before = (await get(token)).body;
    const res = await put(token, body);
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors?.map((e) => e.path)).toContain(path);
    expect((await get(token)).body).toEqual(before);
  });

  it('decides email delivery: quiet hours in the person’s time zone hold a warning until they end', async () => {
    const ana = await createUser('staff');
    const anaToken = await tokenFor(ana.id, ['alerts.read']);
    // quiet for the whole day, wherever "now" falls in Tokyo
    const tokyoNow = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
    const [h, m] = tokyoNow.split(':').map(Number) as [number, number];
    const end = `${String((h + 2) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const start = `${String((h + 23) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    expect((await put(anaToken, { timezone: 'Asia/Tokyo', quiet_hours: { start, end }, min_email_severity: 'info' })).status).toBe(200);

    const rule = await createRule({
      check: 'event_match',
      rule_type: 'event',
      conditions: { event_type: 'ops.prefs' },
      alert_config: { severity: 'warning', title_template: '{{event.title}}', recipients: [`user:${ana.id}`], channels: ['in_app', 'email'] },
    });
    const admin = await createUser('admin');
    await ingestEvents(db, asViewer(admin, 'token'), [eventSchema.parse({ type: 'custom', event_type: 'ops.prefs', title: 'Quiet please', fingerprint: 'quiet-1' })]);
    const [row] = await db.execute<{ wait_minutes: number }>(sql`
      select round(extract(epoch from d.next_attempt_at - now()) / 60)::int as wait_minutes
        from deliveries d join alerts a on a.id = d.alert_id where a.rule_id = ${rule.id} and d.channel = 'email'`);
    // the quiet hours end two hours after "now" in Tokyo
    expect(row!.wait_minutes).toBeGreaterThanOrEqual(119);
    expect(row!.wait_minutes).toBeLessThanOrEqual(121);
  });
});
