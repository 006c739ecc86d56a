import { z } from 'zod';
import { DIGEST_FREQUENCIES, SEVERITIES } from '@/db/schema';
import { hhmmSchema, timeZoneSchema } from './time';

const quietHours = z
  .strictObject({ start: hhmmSchema, end: hhmmSchema })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] });

const digestHour = z.number().int().min(0).max(23);

/**
 * A digest: one email per period listing the person's unread open alerts, grouped by type, in place
 * of single emails for non-critical alerts (criticals still come at once). Hourly: at the top of
 * each hour; daily: at `hour`:00 in the person's time zone.
 */
export const digestSchema = z.object({ frequency: z.enum(DIGEST_FREQUENCIES), hour: digestHour });
export type Digest = z.infer<typeof digestSchema>;

/**
 * How a person wants to be reached, beyond the in-app inbox (which always holds their alerts):
 * email on or off, the least severe alert worth an email, and quiet hours in their time zone
 * during which email waits (critical alerts break through). Per alert type, see subscriptions.
 */
export const preferencesSchema = z.object({
  email_enabled: z.boolean(),
  min_email_severity: z.enum(SEVERITIES),
  quiet_hours: z.object({ start: z.string(), end: z.string() }).nullable(),
  timezone: z.string(),
  digest: digestSchema,
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const preferencesBodySchema = z.object({ preferences: preferencesSchema });
export type PreferencesBody = z.infer<typeof preferencesBodySchema>;

/** PUT /api/v1/alerts/preferences: the fields given change, the rest stay; quiet_hours null turns them off. */
export const putPreferencesSchema = z
  .strictObject({
    email_enabled: z.boolean().optional(),
    min_email_severity: z.enum(SEVERITIES).optional(),
    quiet_hours: quietHours.nullable().optional(),
    timezone: timeZoneSchema.optional(),
    // the fields given change: {frequency: 'off'} keeps the hour for next time
    digest: z
      .strictObject({ frequency: z.enum(DIGEST_FREQUENCIES).optional(), hour: digestHour.optional() })
      .refine((d) => d.frequency !== undefined || d.hour !== undefined, 'Give frequency, hour or both')
      .optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');
export type PutPreferencesInput = z.infer<typeof putPreferencesSchema>;

export const DEFAULT_DIGEST: Digest = { frequency: 'off', hour: 8 };
export const DEFAULT_PREFERENCES: Omit<Preferences, 'timezone'> = { email_enabled: true, min_email_severity: 'warning', quiet_hours: null, digest: DEFAULT_DIGEST };

/** POST /api/v1/digests/unsubscribe/{token} answers the digest as it now is. */
export const unsubscribeResultSchema = z.object({ digest: digestSchema, changed: z.boolean() });
export type UnsubscribeResult = z.infer<typeof unsubscribeResultSchema>;
