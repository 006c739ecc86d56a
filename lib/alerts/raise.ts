import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { SEVERITIES } from '@/db/schema';
import { recordAudit } from '@/lib/auth/audit';
import type { Viewer } from '@/lib/auth/permissions';
import { recipientSchema } from '@/lib/validation/rules';
import { fireCandidates } from './fire';

export const raiseAlertSchema = z.object({
  alert_type: z.string().regex(/^[a-z][a-z0-9_.]{1,49}$/),
  severity: z.enum(SEVERITIES).default('info'),
  title: z.string().trim().min(1).max(255),
  message: z.string().max(4000).default(''),
  resource: z.object({ type: z.string().min(1).max(50), id: z.string().min(1).max(100) }).optional(),
  context: z.record(z.string().max(64), z.unknown()).default({}),
  recipients: z.array(recipientSchema).min(1).max(50).default(['broadcast']),
  // repeats with the same fingerprint are one alert; default: type + resource, else type + title
  fingerprint: z.string().min(1).max(200).optional(),
  cooldown_minutes: z.number().int().min(0).max(10_080).default(15),
});
export type RaiseAlertInput = z.infer<typeof raiseAlertSchema>;

/**
 * Raise an alert directly (the seeds' trigger_alert), deduplicated like any other: the same
 * fingerprint while open bumps occurrences. The text is taken literally, never as a template.
 */
export async function raiseAlert(db: Db, viewer: Viewer, input: RaiseAlertInput) {
  const key = input.fingerprint ?? (input.resource ? `${input.resource.type}:${input.resource.id}` : createHash('sha256').update(input.title).digest('hex').slice(0, 16));
  const fingerprint = `api:${input.alert_type}:${key}`;
  return db.transaction(async (tx) => {
    const counts = await fireCandidates(
      tx,
      {
        id: null,
        ruleName: 'api',
        check: input.alert_type,
        alertConfig: {
          severity: input.severity,
          alert_type: input.alert_type,
          title_template: '{{alert.title}}',
          message_template: '{{alert.message}}',
          recipients: input.recipients,
          fallback_recipients: [],
          channels: ['in_app'],
          cooldown_minutes: input.cooldown_minutes,
          auto_resolve: false,
        },
      },
      sql`select ${fingerprint}::text as fingerprint, ${input.resource?.type ?? null}::text as resource_type,
                 ${input.resource?.id ?? null}::text as resource_id, null::bigint as subject_user_id,
                 ${JSON.stringify({ alert: { title: input.title, message: input.message }, context: input.context })}::jsonb as ctx,
                 ${JSON.stringify({ context: input.context, raised_by: viewer.id })}::jsonb as metadata, 1 as n,
                 null::text as severity, null::timestamptz as expires_at`,
      'event',
    );
    const [alert] = await tx.execute<{ id: number; occurrences: number; status: string }>(sql`
      select id, occurrences, status from alerts where fingerprint = ${fingerprint} and status <> 'resolved'`);
    await recordAudit(tx, viewer, 'alert.raised', { type: 'alert', id: alert!.id }, { alert_type: input.alert_type, severity: input.severity, created: counts.created === 1 });
    return {
      created: counts.created === 1,
      alert: { id: alert!.id, fingerprint, status: alert!.status, occurrences: alert!.occurrences, recipients: counts.recipients },
    };
  });
}
