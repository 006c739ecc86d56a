import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { notificationPreferences, users, type Severity } from '@/db/schema';
import { recordAudit } from '@/lib/auth/audit';
import type { Viewer } from '@/lib/auth/permissions';
import { DEFAULT_PREFERENCES, type PreferencesBody, type PutPreferencesInput } from '@/lib/validation/preferences';

/** The viewer's delivery preferences; the defaults where they saved none. */
export async function getPreferences(db: Tx, viewer: Viewer): Promise<PreferencesBody> {
  const [row] = await db.execute<{
    timezone: string;
    email_enabled: boolean | null;
    min_email_severity: Severity | null;
    quiet_hours_start: string | null;
    quiet_hours_end: string | null;
  }>(sql`
    select u.timezone, p.email_enabled, p.min_email_severity, p.quiet_hours_start, p.quiet_hours_end
      from users u left join notification_preferences p on p.user_id = u.id
     where u.id = ${viewer.id}`);
  return {
    preferences: {
      email_enabled: row?.email_enabled ?? DEFAULT_PREFERENCES.email_enabled,
      min_email_severity: row?.min_email_severity ?? DEFAULT_PREFERENCES.min_email_severity,
      quiet_hours: row?.quiet_hours_start && row.quiet_hours_end ? { start: row.quiet_hours_start, end: row.quiet_hours_end } : null,
      timezone: row?.timezone ?? 'UTC',
    },
  };
}

/** Change the given preferences (one transaction, audited) and answer all of them. */
export async function updatePreferences(db: Tx, viewer: Viewer, input: PutPreferencesInput): Promise<PreferencesBody> {
  return db.transaction(async (tx) => {
    if (input.timezone !== undefined) await tx.update(users).set({ timezone: input.timezone, updatedAt: new Date() }).where(eq(users.id, viewer.id));
    const change = {
      ...(input.email_enabled !== undefined ? { emailEnabled: input.email_enabled } : {}),
      ...(input.min_email_severity !== undefined ? { minEmailSeverity: input.min_email_severity } : {}),
      ...(input.quiet_hours !== undefined ? { quietHoursStart: input.quiet_hours?.start ?? null, quietHoursEnd: input.quiet_hours?.end ?? null } : {}),
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
