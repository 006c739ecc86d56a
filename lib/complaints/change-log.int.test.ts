import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema } from '@/lib/validation/events';
import { asViewer, createUser } from '@/test/fixtures';

type Version = { valid_from: string; valid_to: string; status: string; priority: string; resolved_at: string | null };

const versions = async (reference: string) =>
  db.execute<Version>(sql`
    select to_json(h.valid_from)#>>'{}' as valid_from, h.valid_to::text as valid_to, h.status, h.priority, to_json(h.resolved_at)#>>'{}' as resolved_at
      from complaint_changes h join complaints c on c.id = h.complaint_id
     where c.reference = ${reference} order by h.valid_from`);

describe('complaint change log', () => {
  let ingest: (complaint: Record<string, unknown>, type?: string) => Promise<unknown>;

  beforeAll(async () => {
    const admin = await createUser('admin');
    ingest = (complaint, type = 'complaint.updated') => ingestEvents(db, asViewer(admin, 'token'), [eventSchema.parse({ type, complaint })]);
  });

  it('keeps a version per change of what the checks read, from ingestion', async () => {
    await ingest({ reference: 'LOG-1', title: 'Cold food', priority: 'high', resolution_due_at: new Date(Date.now() + 3_600_000).toISOString() }, 'complaint.created');
    await ingest({ reference: 'LOG-1', title: 'Cold food, twice' }); // the title only: no new version
    await ingest({ reference: 'LOG-1', priority: 'critical' });
    const resolvedAt = new Date().toISOString();
    await ingest({ reference: 'LOG-1', status: 'resolved', resolved_at: resolvedAt });

    const rows = await versions('LOG-1');
    expect(rows.map((r) => [r.status, r.priority])).toEqual([
      ['open', 'high'],
      ['open', 'critical'],
      ['resolved', 'critical'],
    ]);
    // each version ends where the next begins; the last is as it is now
    const [ends] = await db.execute<{ ok: boolean }>(sql`
      select bool_and(h.valid_to = (select min(n.valid_from) from complaint_changes n where n.complaint_id = h.complaint_id and n.valid_from > h.valid_from)) as ok
        from complaint_changes h join complaints c on c.id = h.complaint_id where c.reference = 'LOG-1' and h.valid_to <> 'infinity'`);
    expect(ends!.ok).toBe(true);
    expect(rows[2]!.valid_to).toBe('infinity');
    expect(new Date(rows[2]!.resolved_at!).toISOString()).toBe(resolvedAt);
  });

  it('starts a past complaint at its creation, and keeps the last of two changes in one transaction', async () => {
    const created = new Date(Date.now() - 5 * 86_400_000);
    await db.execute(sql`insert into complaints (reference, title, status, resolved_at, created_at, updated_at)
                         values ('LOG-2', 'Imported', 'closed', ${new Date(created.getTime() + 3_600_000).toISOString()}::timestamptz,
                                 ${created.toISOString()}::timestamptz, ${created.toISOString()}::timestamptz)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`update complaints set status = 'open', resolved_at = null, updated_at = now() where reference = 'LOG-2'`);
      await tx.execute(sql`update complaints set priority = 'low', updated_at = now() where reference = 'LOG-2'`);
    });
    const rows = await versions('LOG-2');
    expect(rows).toHaveLength(2);
    expect(new Date(rows[0]!.valid_from).getTime()).toBe(created.getTime());
    expect(rows[1]).toMatchObject({ status: 'open', priority: 'low', resolved_at: null, valid_to: 'infinity' });
  });
});
