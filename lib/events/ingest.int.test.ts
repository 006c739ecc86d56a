import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as raiseRoute } from '@/app/api/v1/alerts/route';
import { POST as evaluateRoute } from '@/app/api/v1/alerts/evaluate/route';
import { GET as unreadRoute } from '@/app/api/v1/alerts/unread/count/route';
import { POST as eventsRoute } from '@/app/api/v1/events/route';
import { db } from '@/db/client';
import { alerts, complaints, payments } from '@/db/schema';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { createRule, createUser, recipientsOf, tokenFor } from '@/test/fixtures';

const ctx = { params: Promise.resolve({}) };
const post = (route: typeof eventsRoute, token: string | null, body: unknown) =>
  route(
    new Request('http://localhost/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    ctx,
  );
const unread = async (token: string) =>
  ((await (await unreadRoute(new Request('http://localhost/api', { headers: { authorization: `Bearer ${token}` } }), ctx)).json()) as { unread_count: number }).unread_count;
const counts = async () =>
  (await db.execute<{ c: number; p: number; m: number; a: number }>(sql`
    select (select count(*) from complaints)::int c, (select count(*) from payments)::int p,
           (select count(*) from metric_samples)::int m, (select count(*) from alerts)::int a`))[0]!;

let ingestToken: string;
let staff: Awaited<ReturnType<typeof createUser>>;
let staffToken: string;
let manager: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  await seedDefaultRules(db);
  const admin = await createUser('admin');
  ingestToken = await tokenFor(admin.id, ['events.write', 'alerts.manage']);
  manager = await createUser('manager');
  staff = await createUser('staff', { managerId: manager.id });
  staffToken = await tokenFor(staff.id, ['alerts.read']);
});

describe('POST /api/v1/events', () => {
  it("puts a critical complaint in the assignee's unread count before it returns", async () => {
    const before = await unread(staffToken);
    const res = await post(eventsRoute, ingestToken, {
      type: 'complaint.created',
      complaint: { reference: 'EXT-1', title: 'Gas smell in kitchen', priority: 'critical', assignee_email: staff.email.toUpperCase(), customer_name: 'Harbor Vets' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1, complaints: 1 });
    expect(await unread(staffToken)).toBe(before + 1);
    const [alert] = await db.select().from(alerts).where(eq(alerts.alertType, 'critical_complaint'));
    expect(alert!.title).toContain('EXT-1');
    expect(await recipientsOf(alert!.id)).toEqual(expect.arrayContaining([staff.id, manager.id]));
  });

  it('evaluates the complaints it wrote, and only those: the rest are the cron run\'s', async () => {
    const critical = (reference: string) => ({ type: 'complaint.created', complaint: { reference, title: reference, priority: 'critical', assignee_email: staff.email } });
    await post(eventsRoute, ingestToken, { events: [critical('SCOPE-A'), critical('SCOPE-B')] });
    const open = async () =>
      (await db.execute<{ reference: string }>(sql`
        select c.reference from alerts a join complaints c on c.id::text = a.resource_id
         where a.alert_type = 'critical_complaint' and a.status <> 'resolved' and c.reference like 'SCOPE-%' order by 1`)).map((r) => r.reference);
    expect(await open()).toEqual(['SCOPE-A', 'SCOPE-B']);

    // A is answered behind the API's back, and a third critical complaint appears the same way
    await db.update(complaints).set({ firstRespondedAt: new Date() }).where(eq(complaints.reference, 'SCOPE-A'));
    await db.insert(complaints).values({ reference: 'SCOPE-C', title: 'SCOPE-C', priority: 'critical', assigneeId: staff.id });
    // an event about B alone neither resolves A nor raises C …
    const res = await post(eventsRoute, ingestToken, { type: 'complaint.updated', complaint: { reference: 'SCOPE-B', title: 'SCOPE-B still' } });
    expect(await res.json()).toMatchObject({ alerts_created: 0, alerts_resolved: 0 });
    expect(await open()).toEqual(['SCOPE-A', 'SCOPE-B']);
    // … an event that answers B resolves B …
    await post(eventsRoute, ingestToken, { type: 'complaint.updated', complaint: { reference: 'SCOPE-B', first_responded_at: new Date().toISOString() } });
    expect(await open()).toEqual(['SCOPE-A']);
    // … and the periodic run sees everything
    const evaluated = await evaluateRoute(new Request('http://localhost/api', { method: 'POST', headers: { authorization: `Bearer ${ingestToken}` } }), ctx);
    expect(evaluated.status).toBe(200);
    expect(await open()).toEqual(['SCOPE-C']);
  });

  it('updates only the fields an event carries; null unassigns', async () => {
    await post(eventsRoute, ingestToken, { type: 'complaint.created', complaint: { reference: 'EXT-2', title: 'Late', priority: 'low', assignee_email: staff.email } });
    await post(eventsRoute, ingestToken, { type: 'complaint.updated', complaint: { reference: 'EXT-2', priority: 'high' } });
    let [c] = await db.select().from(complaints).where(eq(complaints.reference, 'EXT-2'));
    expect(c).toMatchObject({ title: 'Late', priority: 'high', assigneeId: staff.id });
    await post(eventsRoute, ingestToken, { events: [{ type: 'complaint.updated', complaint: { reference: 'EXT-2', assignee_email: null } }] });
    [c] = await db.select().from(complaints).where(eq(complaints.reference, 'EXT-2'));
    expect(c!.assigneeId).toBeNull();
  });

  it('takes a batch of 1,000 mixed events in one request', async () => {
    const before = await counts();
    const batch = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0
        ? { type: 'metric', metric: 'queue_depth', value: i % 50 }
        : i % 3 === 1
          ? { type: 'payment.succeeded', payment: { id: `pay-${i}`, amount_cents: 1200, provider: 'acmepay' } }
          : { type: 'complaint.created', complaint: { reference: `B-${i}`, title: `Batch ${i}`, priority: 'medium' } },
    );
    const res = await post(eventsRoute, ingestToken, batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1000, metric_samples: 334, payments: 333, complaints: 333 });
    const after = await counts();
    expect(after.m - before.m).toBe(334);
    expect(after.p - before.p).toBe(333);
    expect(after.c - before.c).toBe(333);
  });

  it('refuses oversized, malformed and unauthorised input with problem+json and writes nothing', async () => {
    const before = await counts();
    const tooMany = Array.from({ length: 1001 }, () => ({ type: 'metric', metric: 'x', value: 1 }));
    const cases: [string | null, unknown, number][] = [
      [ingestToken, tooMany, 413],
      [ingestToken, [{ type: 'metric', metric: 'ok', value: 1 }, { type: 'metric', metric: 'bad', value: 'NaN' }], 422],
      [ingestToken, { type: 'complaint.created', complaint: { reference: 'X', response_due_at: 'tomorrow' } }, 422],
      [ingestToken, { type: 'nonsense' }, 422],
      [ingestToken, [], 422],
      [ingestToken, '{"type":', 400],
      [ingestToken, 'x'.repeat(5 * 1024 * 1024), 413],
      [staffToken, { type: 'metric', metric: 'x', value: 1 }, 403],
      [null, { type: 'metric', metric: 'x', value: 1 }, 401],
    ];
    for (const [token, body, status] of cases) {
      const res = await post(eventsRoute, token, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const bad = await post(eventsRoute, ingestToken, [{ type: 'metric', metric: 'ok', value: 1 }, { type: 'metric', metric: 'bad', value: 'NaN' }]);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('1.value');
    expect(await counts()).toEqual(before);
  });

  it('fires event rules on attribute conditions, counts repeats, and resolves on a resolved event', async () => {
    const rule = await createRule({
      check: 'event_match',
      rule_type: 'event',
      conditions: { event_type: 'circuit_breaker_opened', where: [{ attr: 'provider', op: 'in', value: ['openai', 'anthropic'] }, { attr: 'consecutive_failures', op: '>=', value: 5 }] },
      alert_config: { severity: 'error', recipients: ['role:manager'], title_template: 'Circuit open: {{event.attributes.provider}}', cooldown_minutes: 15 },
    });
    const event = (provider: string, failures: number, status = 'firing') => ({
      type: 'custom', event_type: 'circuit_breaker_opened', resource: { type: 'provider', id: provider }, attributes: { provider, consecutive_failures: failures }, status,
    });
    await post(eventsRoute, ingestToken, [event('openai', 3), event('mistral', 9)]);
    expect(await db.select().from(alerts).where(eq(alerts.ruleId, rule.id))).toHaveLength(0);

    await post(eventsRoute, ingestToken, [event('openai', 5), event('openai', 6)]);
    await post(eventsRoute, ingestToken, event('openai', 7));
    const [alert] = await db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
    expect(alert).toMatchObject({ title: 'Circuit open: openai', occurrences: 3, status: 'firing', severity: 'error' });
    expect(await recipientsOf(alert!.id)).toContain(manager.id);

    await post(eventsRoute, ingestToken, event('openai', 0, 'resolved'));
    const [after] = await db.select().from(alerts).where(eq(alerts.id, alert!.id));
    expect(after).toMatchObject({ status: 'resolved', resolutionReason: 'resolved_event' });
  });

  it('counts every event when requests about the same things arrive at once (no lost repeat, no deadlock)', async () => {
    const rule = await createRule({
      check: 'event_match',
      rule_type: 'event',
      conditions: { event_type: 'queue.stalled', where: [] },
      alert_config: { severity: 'warning', recipients: ['role:manager'], title_template: 'Stalled: {{event.resource.id}}', cooldown_minutes: 0 },
    });
    const queues = Array.from({ length: 12 }, (_, i) => `q${i}`);
    const event = (id: string) => ({ type: 'custom', event_type: 'queue.stalled', resource: { type: 'queue', id } });
    // 16 requests at once, each naming every queue, in different orders: each queue gets 16 events
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, k) => post(eventsRoute, ingestToken, (k % 2 ? [...queues].reverse() : queues).map(event))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(16).fill(200));
    const rows = await db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
    expect(rows).toHaveLength(12);
    expect(rows.map((a) => a.occurrences)).toEqual(Array(12).fill(16));
  });

  it('evaluates payment failure rules on ingestion', async () => {
    const failures = Array.from({ length: 6 }, (_, i) => ({ type: 'payment.failed', payment: { id: `f-${i}`, amount_cents: 500, provider: 'flakypay', failure_message: 'declined' } }));
    const res = await post(eventsRoute, ingestToken, failures);
    expect(((await res.json()) as { alerts_created: number }).alerts_created).toBeGreaterThanOrEqual(1);
    const rows = await db.select().from(alerts).where(eq(alerts.resourceId, 'flakypay'));
    expect(rows[0]!.alertType).toBe('payment_failures');
    expect(await db.select().from(payments).where(eq(payments.provider, 'flakypay'))).toHaveLength(6);
  });
});

describe('POST /api/v1/alerts (raise directly)', () => {
  it('needs alerts.broadcast, creates once, and folds repeats into occurrences', async () => {
    const body = { alert_type: 'maintenance', severity: 'warning', title: 'Phones down {{complaint.title}}', recipients: ['role:staff'] };
    expect((await post(raiseRoute, staffToken, body)).status).toBe(403);
    const managerToken = await tokenFor(manager.id, ['alerts.broadcast', 'alerts.read']);
    const first = await post(raiseRoute, managerToken, body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { alert: { id: number } };
    const [row] = await db.select().from(alerts).where(eq(alerts.id, created.alert.id));
    expect(row!.title).toBe('Phones down {{complaint.title}}');
    expect(await recipientsOf(row!.id)).toContain(staff.id);
    const second = await post(raiseRoute, managerToken, body);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ created: false, alert: { id: created.alert.id, occurrences: 2 } });
    expect((await post(raiseRoute, managerToken, { ...body, severity: 'loud' })).status).toBe(422);
  });
});

describe('POST /api/v1/alerts/evaluate', () => {
  it('runs every check for admins and is forbidden to staff', async () => {
    expect((await post(evaluateRoute, staffToken, {})).status).toBe(403);
    const res = await post(evaluateRoute, ingestToken, {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rules: { rule_name: string; error?: string }[] };
    expect(body.rules.map((r) => r.rule_name)).toEqual(expect.arrayContaining(['sla_breach_critical', 'sla_at_risk', 'payment_failures']));
    expect(body.rules.filter((r) => r.error)).toEqual([]);
  });
});
