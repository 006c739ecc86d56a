import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { payments } from '@/db/schema';
import { TEMPLATE_VARIABLES } from '@/lib/alerts/template-variables';
import { createComplaint, createUser } from '@/test/fixtures';
import { CHECKS } from './registry';

/** Every leaf path of a template context: `complaint.title`, `threshold`. */
function leaves(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** What a check's candidates put in their template context, read from the SQL itself. */
async function contextPaths(check: string, conditions: Record<string, unknown>): Promise<string[]> {
  const definition = CHECKS[check]!;
  const rows = await db.execute<{ ctx: unknown }>(sql`select ctx from (${definition.candidates({ id: 1 }, definition.conditions.parse(conditions))}) c`);
  expect(rows.length, `${check} has a candidate`).toBeGreaterThan(0);
  return [...new Set(rows.flatMap((r) => leaves(r.ctx)))].sort();
}

describe('the template variables declared per check are what the checks provide', () => {
  beforeAll(async () => {
    const staff = await createUser('staff');
    for (let i = 0; i < 3; i++) await createComplaint({ assigneeId: staff.id, priority: 'critical', responseDueIn: -30 });
    await createComplaint({ assigneeId: null, priority: 'critical', responseDueIn: -30 });
    await db.insert(payments).values([
      { externalId: 'tv-1', amountCents: 100, provider: 'acme', status: 'failed', failureMessage: 'card declined' },
      { externalId: 'tv-2', amountCents: 100, provider: 'acme', status: 'failed', failureMessage: 'card declined' },
    ]);
  });

  it.each([
    ['sla_breached', {}],
    ['sla_at_risk', { buffer_minutes: 10_080 }],
    ['critical_complaint', {}],
    ['unassigned_critical', { after_minutes: 1 }],
    ['staff_workload', { max_open_items: 1 }],
    ['high_priority_queue', { max_waiting: 0 }],
    ['payment_failures', { min_failures: 1 }],
    // the hour is the database's, read when the test runs (the table is built when the file loads: an hour boundary in between left no candidate)
    ['daily_summary', { roles: ['staff'] }],
  ])('%s', async (check, conditions) => {
    if (check === 'sla_at_risk') await createComplaint({ priority: 'high', responseDueIn: 60 });
    if (check === 'unassigned_critical') await db.execute(sql`update complaints set created_at = now() - interval '1 hour'`);
    if (check === 'daily_summary') {
      const [now] = await db.execute<{ hour: number }>(sql`select extract(hour from now() at time zone 'UTC')::int as hour`);
      conditions = { ...conditions, hour: now!.hour };
    }
    expect(await contextPaths(check, conditions)).toEqual([...TEMPLATE_VARIABLES[check]!].sort());
  });
});
