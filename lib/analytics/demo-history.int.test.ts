import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDemo } from '@/db/seed';
import { asViewer } from '@/test/fixtures';
import { alertAnalytics, analyticsQuerySchema } from './analytics';

describe('the demo history', () => {
  beforeAll(async () => {
    await db.transaction((tx) => seedDemo(tx, 'demo-password'));
  });

  it('gives every chart something to show over the last 30 days, and nothing new to today\'s inboxes', async () => {
    const [admin] = await db.execute<{ id: number; email: string; name: string; role: 'admin' }>(sql`select id, email, name, role from users where role = 'admin'`);
    const a = await alertAnalytics(db, asViewer(admin!), analyticsQuerySchema.parse({ bucket: 'day' }));
    expect(a.series.length).toBeGreaterThanOrEqual(30);
    expect(a.totals.alerts).toBeGreaterThan(500);
    expect(a.totals.acknowledged / a.totals.alerts).toBeGreaterThan(0.7);
    expect(a.totals.mtta_p50_s).toBeGreaterThan(60);
    expect(a.totals.sla_breaches).toBeGreaterThan(0);
    expect(a.series.reduce((n, b) => n + b.complaints_breached, 0)).toBeGreaterThan(0);
    expect(a.series.reduce((n, b) => n + b.complaints_met, 0)).toBeGreaterThan(a.series.reduce((n, b) => n + b.complaints_breached, 0));
    expect(a.deliveries).toContainEqual(expect.objectContaining({ channel: 'email', status: 'sent' }));
    expect(a.delivery_p95_s.email).toBeGreaterThan(0);
    expect(a.people.length).toBe(4);
    expect(a.rules.length).toBeGreaterThan(3);
    // history is read and cleared: no unread, nothing waiting to be sent, no rule fired in the last day
    const [left] = await db.execute<{ unread: number; due: number; recent: number }>(sql`
      select (select count(*) from alert_recipients r join alerts a on a.id = r.alert_id where a.fingerprint like 'demo-history:%' and (r.read_at is null or r.dismissed_at is null))::int as unread,
             (select count(*) from deliveries where status <> 'sent' and idempotency_key like 'demo-history:%')::int as due,
             (select count(*) from alerts where fingerprint like 'demo-history:%' and created_at > now() - interval '1 day')::int as recent`);
    expect(left).toEqual({ unread: 0, due: 0, recent: 0 });
  });
});
