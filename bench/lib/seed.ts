import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { seedDefaultRules } from '../../lib/checks/default-rules';

/** A tenant of 1 admin, 10 managers, 500 staff and `rows` open complaints: 0.5% breached, 0.5% at risk. */
export async function seedBenchTenant(db: Db, rows: number, log: (m: string) => void) {
  await seedDefaultRules(db);
  await db.execute(sql`insert into users (email, name, role) values ('bench-admin@bench.local', 'Bench Admin', 'admin')`);
  await db.execute(sql`insert into users (email, name, role) select 'mgr' || g || '@bench.local', 'Manager ' || g, 'manager' from generate_series(1, 10) g`);
  await db.execute(sql`
    insert into users (email, name, role, manager_id)
      select 'staff' || g || '@bench.local', 'Staff ' || g, 'staff', (select min(id) from users where role = 'manager') + g % 10
        from generate_series(1, 500) g`);
  const [{ first } = { first: 0 }] = await db.execute<{ first: number }>(sql`select min(id)::int as first from users where role = 'staff'`);
  const chunk = 100_000;
  for (let from = 1; from <= rows; from += chunk) {
    const to = Math.min(rows, from + chunk - 1);
    // 0.5% breached, 0.5% at risk, the rest due in 1–10 days; 2% unassigned
    await db.execute(sql`
      insert into complaints (reference, title, customer_name, priority, status, assignee_id, response_due_at, resolution_due_at, created_at)
      select 'BENCH-' || g, 'Complaint ' || g, 'Customer ' || (g % 5000),
             (array['low','medium','medium','high'])[1 + g % 4], 'open',
             case when g % 50 = 7 then null else ${first}::bigint + g % 500 end,
             case when g % 200 = 0 then now() - make_interval(mins => 1 + g % 120)
                  when g % 200 = 1 then now() + make_interval(mins => 5 + g % 50)
                  else now() + make_interval(hours => 24 + g % 216) end,
             now() + make_interval(days => 12 + g % 20),
             now() - make_interval(hours => 25 + g % 48)
        from generate_series(${from}::int, ${to}::int) g`);
    log(`seeded ${to.toLocaleString()} / ${rows.toLocaleString()} complaints`);
  }
  await db.execute(sql`analyze`);
}
