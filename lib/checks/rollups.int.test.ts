import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { alerts, type AlertRule } from '@/db/schema';
import { runChecks } from '@/lib/checks/registry';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema, type IngestEvent } from '@/lib/validation/events';
import { asViewer, createRule, createUser } from '@/test/fixtures';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const tick = async (rule: AlertRule) => (await runChecks(db, [rule.check], { ruleIds: [rule.id] }))[0]!;
const alertOf = async (ruleId: number) => (await db.select().from(alerts).where(eq(alerts.ruleId, ruleId)))[0]!;

type Payment = { id: string; provider: string; failed: boolean; message: string; at: string };
const paymentEvent = (p: Payment): IngestEvent =>
  eventSchema.parse({ type: p.failed ? 'payment.failed' : 'payment.succeeded', payment: { id: p.id, provider: p.provider, amount_cents: 100, failure_message: p.failed ? p.message : null, occurred_at: p.at } });

let viewer: ReturnType<typeof asViewer>;
beforeAll(async () => {
  viewer = asViewer(await createUser('admin'));
});

describe('window checks over per-minute rollups', () => {
  it('count payments exactly as the raw rows do, across concurrent batches, re-sent payments and deletions', async () => {
    const final = new Map<string, Payment>();
    const batches = Array.from({ length: 8 }, (_, b) => {
      const rows: Payment[] = Array.from({ length: 30 }, (_, j) => ({
        id: `roll-${b}-${j}`, provider: j % 2 ? 'rollpay_a' : 'rollpay_b', failed: j % 5 === 0, message: `err ${b}-${j}`, at: minutesAgo(5 + (j % 3)),
      }));
      rows.push({ id: `roll-old-${b}`, provider: 'rollpay_a', failed: true, message: 'too old', at: minutesAgo(50) });
      return rows;
    });
    // eight batches at once, then eight more re-sending each batch's first (failed) payment as succeeded
    await Promise.all(batches.map((rows) => ingestEvents(db, viewer, rows.map(paymentEvent))));
    const resent = batches.map((rows) => ({ ...rows[0]!, failed: false }));
    await Promise.all(resent.map((p) => ingestEvents(db, viewer, [paymentEvent(p)])));
    const latest: Payment = { id: 'roll-latest', provider: 'rollpay_a', failed: true, message: 'the latest', at: minutesAgo(2) };
    await ingestEvents(db, viewer, [paymentEvent(latest)]);
    await db.execute(sql`delete from payments where external_id in ('roll-1-5', 'roll-2-5')`); // two failures at rollpay_a
    for (const p of [...batches.flat(), ...resent, latest]) final.set(p.id, p);
    final.delete('roll-1-5');
    final.delete('roll-2-5');

    const inWindow = [...final.values()].filter((p) => p.at > minutesAgo(30));
    const expected = (provider: string) => {
      const rows = inWindow.filter((p) => p.provider === provider);
      return { total: rows.length, failed: rows.filter((p) => p.failed).length };
    };
    expect(expected('rollpay_a')).toEqual({ total: 119, failed: 23 });
    expect(expected('rollpay_b')).toEqual({ total: 120, failed: 16 });

    // the rollups agree with the raw rows over the same (whole-minute) window
    const [raw, rolled] = await Promise.all([
      db.execute(sql`select provider, count(*)::int as total, (count(*) filter (where status = 'failed'))::int as failed from payments
                      where provider like 'rollpay%' and created_at >= date_trunc('minute', now() - interval '30 minutes', 'UTC') group by 1 order by 1`),
      db.execute(sql`select provider, sum(total)::int as total, sum(failed)::int as failed from payment_minutes
                      where provider like 'rollpay%' and minute >= date_trunc('minute', now() - interval '30 minutes', 'UTC') group by 1 order by 1`),
    ]);
    expect(rolled).toEqual(raw);

    // and the check reports the known answer, the last error included
    const rule = await createRule({
      check: 'payment_failures',
      conditions: { window_minutes: 30, min_failures: 1, providers: ['rollpay_a', 'rollpay_b'] },
      alert_config: { recipients: ['role:admin'], title_template: '{{payments.provider}} {{payments.failed}}/{{payments.total}} {{payments.last_error}}' },
    });
    expect(await tick(rule)).toMatchObject({ created: 2 });
    const titles = (await db.select({ title: alerts.title }).from(alerts).where(eq(alerts.ruleId, rule.id))).map((a) => a.title).sort();
    expect(titles).toEqual(['rollpay_a 23/119 the latest', expect.stringMatching(/^rollpay_b 16\/120 err \d-\d+$/)]);

    const overall = await createRule({
      check: 'payment_failures',
      conditions: { window_minutes: 30, min_failures: 1, group_by_provider: false, providers: ['rollpay_a', 'rollpay_b'] },
      alert_config: { recipients: ['role:admin'], title_template: '{{payments.provider}} {{payments.failed}}/{{payments.total}} {{payments.last_error}}' },
    });
    await tick(overall);
    expect((await alertOf(overall.id)).title).toBe('all 39/239 the latest');
  });

  it('aggregate metric samples exactly as the raw samples do, labels filter included', async () => {
    const samples = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 20 }, (_, j) => ({ value: b * 20 + j, labels: { region: j % 2 ? 'us' : 'eu' }, at: minutesAgo(3 + (j % 4)) })),
    );
    await Promise.all(
      samples.map((rows) =>
        ingestEvents(db, viewer, rows.map((s) => eventSchema.parse({ type: 'metric', metric: 'roll_kpi', value: s.value, labels: s.labels, recorded_at: s.at }))),
      ),
    );
    await ingestEvents(db, viewer, [
      { type: 'metric', metric: 'roll_kpi', value: 1000, labels: { region: 'eu' }, recorded_at: minutesAgo(50) },
      { type: 'metric', metric: 'roll_kpi', value: 77.5, labels: { region: 'eu', host: 'a' }, recorded_at: minutesAgo(1) },
    ].map((e) => eventSchema.parse(e)));
    const eu = [...samples.flat().filter((s) => s.labels.region === 'eu').map((s) => s.value), 77.5];
    const sum = eu.reduce((a, b) => a + b, 0);
    const expected = { avg: sum / eu.length, min: 0, max: 158, sum, count: eu.length, last: 77.5 };

    for (const [aggregate, value] of Object.entries(expected)) {
      const rule = await createRule({
        check: 'kpi_threshold',
        conditions: { metric: 'roll_kpi', aggregate, window_minutes: 30, op: '>=', value: -1e9, labels: { region: 'eu' } },
        alert_config: { recipients: ['role:admin'] },
      });
      await tick(rule);
      const { metadata } = await alertOf(rule.id);
      expect(metadata.samples, aggregate).toBe(81);
      expect(metadata.value as number, aggregate).toBeCloseTo(value, 6);
    }
  });
});
