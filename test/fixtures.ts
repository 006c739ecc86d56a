import { randomBytes } from 'node:crypto';
import { db } from '@/db/client';
import { eq } from 'drizzle-orm';
import { alertRecipients, alertRules, alerts, complaints, users, type Role } from '@/db/schema';
import type { AlertConfig } from '@/lib/validation/rules';
import { hashPassword } from '@/lib/auth/password';
import { createApiToken } from '@/lib/auth/tokens';
import { permissionsFor, type Permission, type Viewer } from '@/lib/auth/permissions';
import { ingestEvents } from '@/lib/events/ingest';
import { eventSchema } from '@/lib/validation/events';

const uid = () => randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: string | undefined;

export async function createUser(role: Role = 'staff', opts: { managerId?: number; name?: string } = {}) {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const tag = uid();
  const [user] = await db
    .insert(users)
    .values({
      email: `${role}-${tag}@test.local`,
      name: opts.name ?? `${role} ${tag}`,
      role,
      managerId: opts.managerId ?? null,
      passwordHash: cachedHash,
    })
    .returning();
  return user!;
}

/** The viewer lib functions see for a user: a browser session by default, with the role's permissions. */
export const asViewer = (u: { id: number; email: string; name: string; role: Role }, via: Viewer['via'] = 'session'): Viewer => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  permissions: permissionsFor(u.role),
  via,
});

export async function tokenFor(userId: number, scopes: Permission[] = ['alerts.read', 'alerts.manage', 'alerts.broadcast', 'events.write']) {
  return (await createApiToken(db, userId, { name: 'test', scopes })).token;
}

const minutes = (m: number) => new Date(Date.now() + m * 60_000);

/** A complaint with deadlines relative to now, in minutes (negative = past). */
export async function createComplaint(opts: {
  assigneeId?: number | null;
  priority?: 'low' | 'medium' | 'high' | 'critical';
  responseDueIn?: number | null;
  resolutionDueIn?: number | null;
  title?: string;
}) {
  const [row] = await db
    .insert(complaints)
    .values({
      reference: `C-${uid()}`,
      title: opts.title ?? 'Test complaint',
      customerName: 'Test Customer',
      priority: opts.priority ?? 'medium',
      assigneeId: opts.assigneeId ?? null,
      responseDueAt: opts.responseDueIn == null ? null : minutes(opts.responseDueIn),
      resolutionDueAt: opts.resolutionDueIn == null ? null : minutes(opts.resolutionDueIn),
    })
    .returning();
  return row!;
}

/** An alert rule straight into the table; alert_config defaults make a quiet in-app rule. */
export async function createRule(shape: {
  check: string;
  conditions?: Record<string, unknown>;
  alert_config?: Partial<AlertConfig>;
  rule_type?: 'sla' | 'event' | 'threshold' | 'schedule';
}) {
  const [rule] = await db
    .insert(alertRules)
    .values({
      ruleName: `${shape.check}_${uid()}`,
      ruleType: shape.rule_type ?? 'threshold',
      check: shape.check,
      conditions: shape.conditions ?? {},
      alertConfig: {
        severity: 'warning',
        title_template: `${shape.check} {{complaint.reference}}`,
        recipients: ['assignee'],
        fallback_recipients: ['role:manager'],
        cooldown_minutes: 0,
        ...shape.alert_config,
      },
    })
    .returning();
  return rule!;
}

/**
 * An event rule of its own (so tests do not fire each other's) reaching `recipients` by every
 * channel, and `fire(title)`: one event for it, ingested as `ingestAs`; the alert it raised.
 */
export async function everyChannelRule(opts: { recipients: { id: number }[]; webhookUrl: string; ingestAs: Viewer }, cfg: Partial<AlertConfig> = {}) {
  const eventType = `ops.channels.${uid()}`;
  const rule = await createRule({
    check: 'event_match',
    rule_type: 'event',
    conditions: { event_type: eventType },
    alert_config: {
      severity: 'critical',
      title_template: '{{event.title}}',
      recipients: opts.recipients.map((r) => `user:${r.id}` as const),
      channels: ['in_app', 'email', 'slack', 'webhook'],
      email_to: ['Team@Example.com'],
      slack_channel: '#ops',
      webhook: { url: opts.webhookUrl, headers: { 'x-team': 'ops' } },
      cooldown_minutes: 0,
      ...cfg,
    },
  });
  const fire = async (title: string) => {
    await ingestEvents(db, opts.ingestAs, [eventSchema.parse({ type: 'custom', event_type: eventType, title, fingerprint: title })]);
    const [alert] = await db.select().from(alerts).where(eq(alerts.title, title));
    return alert!;
  };
  return { rule, fire };
}

/** Open alerts of a rule, oldest first. */
export async function alertsOfRule(ruleId: number) {
  return db.select().from(alerts).where(eq(alerts.ruleId, ruleId)).orderBy(alerts.id);
}

export async function recipientsOf(alertId: number) {
  const rows = await db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alertId));
  return rows.map((r) => r.userId).sort((a, b) => a - b);
}
