import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { createUser } from '@/test/fixtures';
import { recipientRows } from './recipients';

/** Whom a rule's alert reaches for a resource owner: the owner and their manager, or who stands in for them when they left. */
async function reached(recipients: string[], subject: number | null, fallback: string[] = []) {
  const rows = await db.execute<{ user_id: number; reason: string }>(sql`
    select user_id, reason from (${recipientRows({ recipients: recipients as never, fallback_recipients: fallback as never }, sql`${subject}::bigint`)}) r
     order by user_id, reason`);
  return rows.map((r) => [Number(r.user_id), r.reason]);
}

describe('recipientRows', () => {
  it('reaches the owner and their manager while they are active, and whoever stands in for them once they are not', async () => {
    const top = await createUser('manager');
    const lead = await createUser('manager', { managerId: top.id });
    const owner = await createUser('staff', { managerId: lead.id });
    expect(await reached(['assignee', 'manager'], owner.id)).toEqual([
      [lead.id, 'manager'],
      [owner.id, 'assignee'],
    ].sort((a, b) => Number(a[0]) - Number(b[0])));

    // the owner left: their lead stands in (delegate) and is also their manager
    await db.execute(sql`update users set is_active = false where id = ${owner.id}`);
    expect(await reached(['assignee', 'manager'], owner.id)).toEqual([
      [lead.id, 'delegate'],
      [lead.id, 'manager'],
    ]);

    // the lead left too: the one above them stands in for both
    await db.execute(sql`update users set is_active = false where id = ${lead.id}`);
    expect(await reached(['assignee', 'manager'], owner.id)).toEqual([
      [top.id, 'delegate'],
      [top.id, 'manager'],
    ]);

    // nobody active above: nobody
    await db.execute(sql`update users set is_active = false where id = ${top.id}`);
    expect(await reached(['assignee', 'manager'], owner.id)).toEqual([]);
  });

  it('an alert without an owner goes to the fallback roles; an owner without a manager gets it alone', async () => {
    const loner = await createUser('staff');
    const admin = await createUser('admin');
    expect(await reached(['assignee', 'manager'], loner.id)).toEqual([[loner.id, 'assignee']]);
    const fallbacks = await reached(['assignee'], null, ['role:admin']);
    expect(fallbacks).toContainEqual([admin.id, 'fallback']);
    expect(fallbacks.every(([, reason]) => reason === 'fallback')).toBe(true);
  });
});
