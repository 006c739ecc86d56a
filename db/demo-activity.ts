import { sql } from 'drizzle-orm';
import type { Db } from './client';

/**
 * Keeps the demo alive while the app runs: complaints arrive (some critical, some with tight
 * deadlines), staff respond to and resolve older ones, payments and KPI samples keep coming.
 * Every step is one set-based statement; randomness comes from SQL so nothing is loaded into JS.
 */
export async function demoActivityTick(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // 0–2 new complaints; 10% critical, 15% unassigned; response due 15 min – 4 h out
    await tx.execute(sql`
      with staff as (select array_agg(id order by id) ids from users where role = 'staff' and is_active),
      n as (select g from generate_series(1, (random() * 2.4)::int) g)
      insert into complaints (reference, title, description, customer_name, priority, assignee_id, response_due_at, resolution_due_at)
      select 'C-' || to_char(now(), 'DDHH24MISS') || '-' || n.g || (random() * 1000)::int,
             (array['Technician late again','Billing error on last invoice','Appliance still faulty','No call back as promised',
                    'Damaged item on delivery','Cancelled visit, no notice'])[1 + (random() * 5)::int],
             'Arrived through the demo activity generator.',
             (array['Acme Dental','Blue Fern Café','Northwind Hotel','Greenleaf Gym','Harbor Vets','Orbit Laundry'])[1 + (random() * 5)::int],
             case when r < 0.10 then 'critical' when r < 0.35 then 'high' when r < 0.8 then 'medium' else 'low' end,
             case when random() < 0.15 or s.ids is null then null else s.ids[1 + (random() * (cardinality(s.ids) - 1))::int] end,
             now() + make_interval(mins => 15 + (random() * 225)::int),
             now() + make_interval(mins => 240 + (random() * 2600)::int)
        from n, staff s, lateral (select random() + n.g * 0 as r) x
      on conflict (reference) do nothing`);
    // staff answer the oldest waiting complaint now and then, and close out an answered one
    await tx.execute(sql`
      update complaints set first_responded_at = now(), status = 'in_progress', updated_at = now()
       where id = (select id from complaints where first_responded_at is null and status = 'open' and random() < 0.5
                    order by response_due_at limit 1)`);
    await tx.execute(sql`
      update complaints set resolved_at = now(), status = 'resolved', updated_at = now()
       where id = (select id from complaints where first_responded_at is not null and resolved_at is null and random() < 0.3
                    order by created_at limit 1)`);
    await tx.execute(sql`
      insert into payments (external_id, customer_name, amount_cents, provider, status, failure_code, failure_message)
      select 'demo_live_' || gen_random_uuid(), 'Demo customer', 1000 + (random() * 50000)::int,
             case when random() < 0.3 then 'paypal' else 'stripe' end,
             case when f then 'failed' else 'succeeded' end,
             case when f then 'card_declined' end, case when f then 'The card was declined' end
        from (select random() < 0.08 as f from generate_series(1, 1 + (random() * 2)::int)) p`);
    await tx.execute(sql`
      insert into metric_samples (metric, value)
      select metric, round((base + amp * (random() - 0.5))::numeric, 3)
        from (values ('csat_score', 4.35, 0.5), ('avg_first_response_minutes', 32.0, 24.0),
                     ('queue_depth', 14.0, 16.0), ('payment_success_rate', 0.95, 0.06)) m(metric, base, amp)`);
  });
}

/** Run the generator every `intervalMs` until the returned stop function is called. */
export function startDemoActivity(db: Db, intervalMs: number, log: (m: string) => void): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await demoActivityTick(db);
    } catch (err) {
      log(`demo activity failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
