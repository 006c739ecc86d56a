import { sql } from 'drizzle-orm';
import type { Tx } from './client';
import { complaints, users } from './schema';
import { hashPassword } from '@/lib/auth/password';
import { seedDefaultRules } from '@/lib/checks/default-rules';

export const DEMO_USERS = [
  { email: 'admin@demo.local', name: 'Ada Admin', role: 'admin' },
  { email: 'manager@demo.local', name: 'Morgan Manager', role: 'manager' },
  { email: 'staff1@demo.local', name: 'Sam Staff', role: 'staff' },
  { email: 'staff2@demo.local', name: 'Riley Staff', role: 'staff' },
  { email: 'staff3@demo.local', name: 'Jordan Staff', role: 'staff' },
] as const;

const CUSTOMERS = ['Acme Dental', 'Blue Fern Café', 'Northwind Hotel', 'Greenleaf Gym', 'Harbor Vets', 'Orbit Laundry', 'Pine & Co', 'Maple Clinic'];
const TOPICS = [
  'Technician did not show up',
  'Invoice charged twice',
  'Repair left unfinished',
  'Rude phone support',
  'Water leak after installation',
  'Booking cancelled without notice',
  'Refund not received',
  'Wrong parts delivered',
  'Follow-up visit never scheduled',
  'Heating still broken',
];

/** Demo complaint plan: deadlines in minutes from now (negative = past). */
type Plan = { owner: number | null; priority: 'low' | 'medium' | 'high' | 'critical'; response: number | null; resolution: number; createdAgo: number; status?: 'open' | 'in_progress' | 'escalated'; responded?: boolean };

function demoComplaints(staff: number[]): Plan[] {
  const [s1, s2, s3] = staff as [number, number, number];
  const plans: Plan[] = [
    // breached response deadlines
    { owner: s1, priority: 'high', response: -25, resolution: 600, createdAgo: 120 },
    { owner: s2, priority: 'critical', response: -10, resolution: 240, createdAgo: 70 },
    { owner: s3, priority: 'medium', response: -90, resolution: 900, createdAgo: 300 },
    { owner: null, priority: 'high', response: -5, resolution: 400, createdAgo: 65 },
    // breached resolution deadlines (responded, not resolved)
    { owner: s1, priority: 'medium', response: null, resolution: -45, createdAgo: 2000, responded: true, status: 'in_progress' },
    { owner: s2, priority: 'low', response: null, resolution: -200, createdAgo: 4000, responded: true, status: 'in_progress' },
    { owner: s3, priority: 'high', response: null, resolution: -15, createdAgo: 1500, responded: true, status: 'escalated' },
    // at risk: due within the hour
    { owner: s1, priority: 'high', response: 12, resolution: 500, createdAgo: 50 },
    { owner: s1, priority: 'medium', response: 40, resolution: 1200, createdAgo: 20 },
    { owner: s2, priority: 'medium', response: 25, resolution: 800, createdAgo: 35 },
    { owner: s3, priority: 'low', response: 55, resolution: 2000, createdAgo: 5 },
    { owner: s2, priority: 'high', response: null, resolution: 30, createdAgo: 900, responded: true, status: 'in_progress' },
    // new critical complaints, one nobody owns yet
    { owner: null, priority: 'critical', response: 45, resolution: 240, createdAgo: 8 },
    { owner: s3, priority: 'critical', response: 90, resolution: 300, createdAgo: 3 },
  ];
  // comfortably in time: keeps the queues realistic (staff2 runs a heavy queue)
  for (let i = 0; i < 22; i++) {
    const owner = i % 5 === 4 ? null : [s1, s2, s2, s3][i % 4]!;
    plans.push({ owner, priority: (['low', 'medium', 'medium', 'high'] as const)[i % 4]!, response: 120 + i * 37, resolution: 1440 + i * 90, createdAgo: 10 + i * 7 });
  }
  return plans;
}

/** True when the database has no users yet: demo data goes only into an empty database. */
export async function isEmpty(tx: Tx): Promise<boolean> {
  const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return (row?.n ?? 0) === 0;
}

/** Seed the demo tenant (users, complaints, payments, KPI samples) into an empty database; idempotent. */
export async function seedDemo(tx: Tx, password: string): Promise<boolean> {
  await seedDefaultRules(tx);
  if (!(await isEmpty(tx))) return false;
  const hash = await hashPassword(password);
  const [admin, manager, ...staffRows] = await tx
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ ...u, passwordHash: hash })))
    .returning({ id: users.id });
  await tx.execute(sql`update users set manager_id = ${manager!.id} where role = 'staff'`);
  void admin;
  const staff = staffRows.map((r) => r.id);
  const now = Date.now();
  const at = (m: number) => new Date(now + m * 60_000);
  await tx.insert(complaints).values(
    demoComplaints(staff).map((p, i) => ({
      reference: `C-${1001 + i}`,
      title: TOPICS[i % TOPICS.length]!,
      description: `Reported by ${CUSTOMERS[i % CUSTOMERS.length]} via phone.`,
      customerName: CUSTOMERS[i % CUSTOMERS.length]!,
      priority: p.priority,
      status: p.status ?? 'open',
      assigneeId: p.owner,
      escalatedAt: p.status === 'escalated' ? at(-30) : null,
      responseDueAt: p.response === null ? at(-p.createdAgo + 60) : at(p.response),
      resolutionDueAt: at(p.resolution),
      firstRespondedAt: p.responded ? at(-p.createdAgo + 30) : null,
      createdAt: at(-p.createdAgo),
      updatedAt: at(-p.createdAgo),
    })),
  );
  // a day of payments, about 6% failed, with a burst of card-gateway failures in the last half hour
  await tx.execute(sql`
    insert into payments (external_id, customer_name, amount_cents, currency, provider, status, failure_code, failure_message, created_at)
    select 'demo_pay_' || g,
           (array[${sql.raw(CUSTOMERS.map((c) => `'${c.replace(/'/g, "''")}'`).join(','))}])[1 + g % ${CUSTOMERS.length}],
           2500 + (g * 7919) % 40000, 'USD',
           case when g % 3 = 0 then 'paypal' else 'stripe' end,
           case when g > 150 and g % 2 = 0 then 'failed' when g % 17 = 0 then 'failed' else 'succeeded' end,
           case when (g > 150 and g % 2 = 0) or g % 17 = 0 then 'card_declined' end,
           case when (g > 150 and g % 2 = 0) or g % 17 = 0 then 'The card was declined' end,
           now() - make_interval(mins => (160 - g) * 9)
      from generate_series(1, 160) g`);
  await seedDemoHistory(tx);
  // KPI samples every 15 minutes for the last 24 hours
  await tx.execute(sql`
    insert into metric_samples (metric, value, labels, recorded_at)
    select m.metric, round((m.base + m.amp * sin(g / 6.0) + m.amp * 0.3 * cos(g * 1.7))::numeric, 3), '{}'::jsonb,
           date_trunc('minute', now()) - make_interval(mins => g * 15)
      from generate_series(0, 95) g
     cross join (values ('csat_score', 4.35, 0.25), ('avg_first_response_minutes', 32.0, 12.0),
                        ('queue_depth', 14.0, 8.0), ('payment_success_rate', 0.95, 0.03)) as m(metric, base, amp)`);
  return true;
}

/**
 * Thirty days of history before today, so that analytics have something to show: resolved
 * complaints (about one in eight late) and ~25 alerts a day from the default rules, acknowledged
 * and resolved after realistic delays, each in its people's inboxes (read, and cleared from the
 * notification center) with the email it sent. Older than a day, so today's inboxes, counts and
 * rule statistics stay as the live demo makes them; no timeline events, so nothing is sent again.
 */
async function seedDemoHistory(tx: Tx): Promise<void> {
  await tx.execute(sql`
    insert into complaints (reference, title, customer_name, priority, status, assignee_id, response_due_at, resolution_due_at,
                            first_responded_at, resolved_at, created_at, updated_at)
    select 'C-H' || lpad(g::text, 4, '0'), (array[${sql.raw(TOPICS.map((t) => `'${t.replace(/'/g, "''")}'`).join(','))}])[1 + g % ${TOPICS.length}],
           (array[${sql.raw(CUSTOMERS.map((c) => `'${c.replace(/'/g, "''")}'`).join(','))}])[1 + g % ${CUSTOMERS.length}],
           (array['low','medium','medium','high','critical'])[1 + g % 5], 'closed',
           (select id from users where role = 'staff' order by id offset g % 3 limit 1),
           c + interval '1 hour', c + interval '1 day', c + make_interval(mins => 20 + g % 50),
           -- about one in eight resolved after its deadline
           c + case when g % 8 = 0 then make_interval(hours => 26 + g % 20) else make_interval(hours => 3 + g % 18) end, c, c
      from generate_series(1, 360) g,
           lateral (select date_trunc('minute', now()) - interval '31 days' + make_interval(mins => g * 118) as c) t`);
  await tx.execute(sql`
    with plan as (
      select g, r.id as rule_id, r.rule_name, coalesce(r.alert_config->>'alert_type', r."check") as alert_type,
             coalesce(r.alert_config->>'severity', 'warning') as severity,
             date_trunc('minute', now()) - interval '30 days' + make_interval(mins => g * 57 + (g * 7919) % 40) as t,
             -- acknowledged after 1 to 40 minutes, most quickly; some never (they cleared by themselves)
             case when g % 5 <> 0 then make_interval(secs => 60 + ((g * 104729) % 2400) * (1 + g % 3) / 3) end as ack,
             make_interval(mins => 10 + (g * 31) % 300) as res
        from generate_series(1, 720) g
        cross join lateral (
          select * from alert_rules where rule_name in ('sla_breach_critical', 'sla_at_risk', 'critical_complaint_created', 'high_workload_warning',
                                                        'payment_failures', 'csat_below_target', 'critical_unassigned')
           order by id offset (case when g % 9 < 3 then 1 when g % 9 < 5 then 0 when g % 9 = 5 then 2 when g % 9 = 6 then 3
                                    when g % 9 = 7 then 4 else 5 + g % 2 end) limit 1) r
       where date_trunc('minute', now()) - interval '30 days' + make_interval(mins => g * 57) < now() - interval '1 day'
    ),
    made as (
      insert into alerts (fingerprint, rule_id, alert_type, severity, title, message, resource_type, resource_id, status, occurrences,
                          first_fired_at, last_fired_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolution_reason, metadata, created_at, updated_at)
      select 'demo-history:' || p.g, p.rule_id, p.alert_type, p.severity,
             initcap(replace(p.alert_type, '_', ' ')) || ' (history ' || p.g || ')', '', 'demo_history', p.g::text, 'resolved', 1,
             p.t, p.t, p.t + p.ack, case when p.ack is not null then (select id from users where role = 'staff' order by id offset p.g % 3 limit 1) end,
             p.t + greatest(p.res, coalesce(p.ack, p.res)),
             case when p.ack is not null then (select id from users where role = 'staff' order by id offset p.g % 3 limit 1) end,
             case when p.ack is null then 'condition_cleared' else 'manual' end,
             jsonb_build_object('rule_name', p.rule_name, 'demo_history', true), p.t, p.t
        from plan p
      returning id, created_at, severity, resolved_at, (regexp_replace(fingerprint, '^demo-history:', ''))::int as g
    ),
    reached as (
      insert into alert_recipients (alert_id, user_id, reason, severity, created_at, read_at, dismissed_at, alert_resolved_at)
      select m.id, u.id, 'role', m.severity, m.created_at, m.created_at + interval '3 minutes', m.resolved_at, m.resolved_at
        from made m
        join users u on u.role = 'manager' or u.id = (select id from users where role = 'staff' order by id offset m.g % 3 limit 1)
      returning alert_id, user_id, created_at
    )
    insert into deliveries (alert_id, kind, user_id, channel, target, status, attempts, idempotency_key, sent_at, next_attempt_at, created_at)
    select r.alert_id, 'fired', r.user_id, 'email', u.email, 'sent', 1, 'demo-history:' || r.alert_id || ':' || r.user_id,
           r.created_at + make_interval(secs => 2 + (r.alert_id % 9)), r.created_at, r.created_at
      from reached r join users u on u.id = r.user_id`);
}

/** Outside demo mode: the first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when the database is empty. */
export async function seedBootstrapAdmin(tx: Tx, email: string, password: string): Promise<boolean> {
  if (!(await isEmpty(tx))) return false;
  await tx.insert(users).values({ email, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(password) });
  return true;
}
