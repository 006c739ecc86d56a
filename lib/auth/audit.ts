import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditActorType, type Viewer } from './permissions';

/** One audit log entry: who (the viewer, through a session or a token), did what, to what, with which details. */
export async function recordAudit(tx: Tx, viewer: Viewer, action: string, target: { type: string; id: string | number }, details: unknown = {}): Promise<void> {
  await tx.execute(sql`insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
    values (${viewer.id}, ${auditActorType(viewer)}, ${action}, ${target.type}, ${String(target.id)}, ${JSON.stringify(details)}::jsonb)`);
}

/** An audit entry the app itself records (a lockout, a job): actor_type 'system', no actor. */
export async function recordSystemAudit(tx: Tx, action: string, target: { type: string; id: string | number }, details: unknown = {}): Promise<void> {
  await tx.execute(sql`insert into audit_log (actor_id, actor_type, action, target_type, target_id, details)
    values (null, 'system', ${action}, ${target.type}, ${String(target.id)}, ${JSON.stringify(details)}::jsonb)`);
}
