import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { notificationPreferences, users, type DigestFrequency, type Severity } from '@/db/schema';
import { recordAudit } from '@/lib/auth/audit';
import { requirePermission, type Viewer } from '@/lib/auth/permissions';
import { DEFAULT_DIGEST, DEFAULT_PREFERENCES, type PreferencesBody, type PutPreferencesInput } from '@/lib/validation/preferences';

/** The viewer's delivery preferences; the defaults where they saved none. */
export async function getPreferences(db: Tx, viewer: Viewer): Promise<PreferencesBody> {
  requirePermission(viewer, 'alerts.read');
  const [row] = await db.execute<{
    timezone: string;
    email_enabled: boolean | null;
    min_email_severity: Severity | null;
    quiet_hours_start: string | null;
    quiet_hours_end: string | null;
    digest_frequency: DigestFrequency | null;
    digest_hour: number | null;
  }>(sql`
    select u.timezone, p.email_enabled, p.min_email_severity, p.quiet_hours_start, p.quiet_hours_end, p.digest_frequency, p.digest_hour
      from users u left join notification_preferences p on p.user_id = u.id
     where u.id = ${viewer.id}`);
  return {
    preferences: {
      email_enabled: row?.email_enabled ?? DEFAULT_PREFERENCES.email_enabled,
      min_email_severity: row?.min_email_severity ?? DEFAULT_PREFERENCES.min_email_severity,
      quiet_hours: row?.quiet_hours_start && row.quiet_hours_end ? { start: row.quiet_hours_start, end: row.quiet_hours_end } : null,
      timezone: row?.timezone ?? 'UTC',
      digest: { frequency: row?.digest_frequency ?? DEFAULT_DIGEST.frequency, hour: row?.digest_hour ?? DEFAULT_DIGEST.hour },
    },
  };
}

/** Change the given preferences (one transaction, audited) and answer all of them. */
export async function updatePreferences(db: Tx, viewer: Viewer, input: PutPreferencesInput): Promise<PreferencesBody> {
  requirePermission(viewer, 'alerts.read');
  return db.transaction(async (tx) => {
    if (input.timezone !== undefined) await tx.update(users).set({ timezone: input.timezone, updatedAt: new Date() }).where(eq(users.id, viewer.id));
    const change = {
      ...(input.email_enabled !== undefined ? { emailEnabled: input.email_enabled } : {}),
      ...(input.min_email_severity !== undefined ? { minEmailSeverity: input.min_email_severity } : {}),
      ...(input.quiet_hours !== undefined ? { quietHoursStart: input.quiet_hours?.start ?? null, quietHoursEnd: input.quiet_hours?.end ?? null } : {}),
      ...(input.digest?.frequency !== undefined ? { digestFrequency: input.digest.frequency } : {}),
      ...(input.digest?.hour !== undefined ? { digestHour: input.digest.hour } : {}),
      // a new schedule starts now: a period that began before it is not sent (no digest the minute one is chosen)
      ...(input.digest !== undefined ? { digestSince: new Date() } : {}),
    };
    if (Object.keys(change).length) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: viewer.id, ...change })
        .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...change, updatedAt: new Date() } });
    }
    await recordAudit(tx, viewer, 'notification_preferences.updated', { type: 'user', id: viewer.id }, input);
    return getPreferences(tx, viewer);
  });
}
