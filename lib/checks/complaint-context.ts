import { sql } from 'drizzle-orm';

/** Template context of a complaint `c` (with its assignee `u` left-joined): `{{complaint.title}}` etc. */
export const complaintContext = sql.raw(`jsonb_build_object('id', c.id, 'reference', c.reference, 'title', c.title,
  'priority', c.priority, 'status', c.status, 'customer_name', c.customer_name,
  'assignee_name', coalesce(u.name, 'unassigned'),
  'age_minutes', floor(extract(epoch from now() - c.created_at) / 60)::int)`);
