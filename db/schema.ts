import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();
/** PostgreSQL's 64-bit transaction id, as text (it does not fit a JS number). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
const userRef = (name: string) => bigint(name, { mode: 'number' }).references(() => users.id, { onDelete: 'set null' });

export const ROLES = ['staff', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const COMPLAINT_STATUSES = ['open', 'in_progress', 'escalated', 'resolved', 'closed'] as const;
export const RULE_TYPES = ['sla', 'event', 'threshold', 'schedule'] as const;

// ── people ──────────────────────────────────────────────────────────────────

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('staff'),
    managerId: bigint('manager_id', { mode: 'number' }).references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    passwordHash: text('password_hash'),
    isActive: boolean('is_active').notNull().default(true),
    timezone: text('timezone').notNull().default('UTC'),
    // bumped when the password changes or access ends: a session signed with an older version is refused
    sessionVersion: integer('session_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_manager_idx').on(t.managerId),
    index('users_role_idx').on(t.role).where(sql`${t.isActive}`),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // sha-256 of the whole token; the token itself is shown once and never stored
    tokenHash: text('token_hash').notNull(),
    tokenPrefix: text('token_prefix').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const INVITE_KINDS = ['invite', 'setup'] as const;

/**
 * One-time links: an invitation to set a password (user_id: the invited person), or the first-run
 * setup link that creates the first admin (no user yet). Only the SHA-256 of the token is stored.
 */
export const invites = pgTable(
  'invites',
  {
    id: id(),
    kind: text('kind', { enum: INVITE_KINDS }).notNull().default('invite'),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invites_token_hash_key').on(t.tokenHash), index('invites_user_idx').on(t.userId)],
);

/**
 * Failed authentications per key (`signin:account:<email>`, `signin:address:<ip>`,
 * `token:address:<ip>`) in a fixed window: one upsert per failure, one primary-key read per
 * sign-in, shared by every app instance (lib/auth/failure-limit.ts).
 */
export const authFailures = pgTable('auth_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: ts('window_started_at').notNull().defaultNow(),
});

/** Sessions ended by signing out: a session cookie replayed after sign-out is refused (lib/auth/sessions.ts). */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sid: text('sid').primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt)],
);

// ── watched business data ───────────────────────────────────────────────────

export const complaints = pgTable(
  'complaints',
  {
    id: id(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    customerName: text('customer_name').notNull().default(''),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('medium'),
    status: text('status', { enum: COMPLAINT_STATUSES }).notNull().default('open'),
    assigneeId: userRef('assignee_id'),
    escalatedAt: ts('escalated_at'),
    responseDueAt: ts('response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    firstRespondedAt: ts('first_responded_at'),
    resolvedAt: ts('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('complaints_reference_key').on(t.reference),
    // SLA checks scan only complaints still waiting on a deadline
    index('complaints_response_due_idx')
      .on(t.responseDueAt)
      .where(sql`${t.firstRespondedAt} is null and ${t.status} in ('open','in_progress','escalated')`),
    index('complaints_resolution_due_idx')
      .on(t.resolutionDueAt)
      .where(sql`${t.resolvedAt} is null and ${t.status} in ('open','in_progress','escalated')`),
    index('complaints_open_assignee_idx')
      .on(t.assigneeId)
      .where(sql`${t.status} in ('open','in_progress','escalated')`),
    index('complaints_escalated_idx').on(t.escalatedAt).where(sql`${t.status} = 'escalated'`),
    // the high-priority queue count: unanswered open complaints by priority, index-only
    index('complaints_waiting_priority_idx')
      .on(t.priority)
      .where(sql`${t.firstRespondedAt} is null and ${t.status} in ('open','in_progress','escalated')`),
    // analytics: complaints due in a window, open or closed (db/legacy-migrations/0020 adds INCLUDE (resolved_at, assignee_id))
    index('complaints_resolution_due_all_idx').on(t.resolutionDueAt),
    // analytics: a team's complaints due in a window, person by person (db/legacy-migrations/0023 adds INCLUDE (resolved_at))
    index('complaints_assignee_due_idx').on(t.assigneeId, t.resolutionDueAt),
    index('complaints_open_critical_idx')
      .on(t.createdAt)
      .where(sql`${t.priority} = 'critical' and ${t.status} in ('open','in_progress','escalated')`),
  ],
);

/**
 * Each complaint as it was over time (db/legacy-migrations/0021): a version of the fields the checks read, valid
 * from `validFrom` until `validTo` (infinity: as it is now), written by a trigger on every change.
 * The rule editor's backtest replays the checks over it.
 */
export const complaintChanges = pgTable(
  'complaint_changes',
  {
    complaintId: bigint('complaint_id', { mode: 'number' })
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to').notNull().default(sql`'infinity'`),
    status: text('status').notNull(),
    priority: text('priority').notNull(),
    assigneeId: bigint('assignee_id', { mode: 'number' }),
    escalatedAt: ts('escalated_at'),
    responseDueAt: ts('response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    firstRespondedAt: ts('first_responded_at'),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [primaryKey({ name: 'complaint_changes_pk', columns: [t.complaintId, t.validFrom] }), index('complaint_changes_ended_idx').on(t.validTo).where(sql`${t.validTo} <> 'infinity'`)],
);

/** Complaints due per UTC hour: resolved in time, late, or not resolved (db/legacy-migrations/0023, kept by triggers; lib/analytics). */
export const complaintDueHours = pgTable(
  'complaint_due_hours',
  {
    hour: ts('hour').notNull(),
    shard: smallint('shard').notNull(),
    met: integer('met').notNull(),
    late: integer('late').notNull(),
    open: integer('open').notNull(),
  },
  (t) => [primaryKey({ name: 'complaint_due_hours_pk', columns: [t.hour, t.shard] })],
);

export const payments = pgTable(
  'payments',
  {
    id: id(),
    externalId: text('external_id').notNull(),
    customerName: text('customer_name').notNull().default(''),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('USD'),
    provider: text('provider').notNull(),
    status: text('status', { enum: ['succeeded', 'failed', 'pending'] }).notNull(),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payments_external_id_key').on(t.externalId),
    index('payments_created_idx').on(t.createdAt),
    index('payments_failed_idx').on(t.provider, t.createdAt).where(sql`${t.status} = 'failed'`),
  ],
);

export const metricSamples = pgTable(
  'metric_samples',
  {
    id: id(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('metric_samples_metric_time_idx').on(t.metric, t.recordedAt.desc())],
);

/**
 * Per-minute rollups of payments and metric samples, kept by statement triggers (db/legacy-migrations/0017) so the
 * window checks sum O(window minutes) buckets instead of every row. `shard` spreads concurrent writers
 * over several rows of the same minute (the writer's backend pid mod 16), so batches do not queue on one row lock.
 */
export const paymentMinutes = pgTable(
  'payment_minutes',
  {
    provider: text('provider').notNull(),
    minute: ts('minute').notNull(),
    shard: integer('shard').notNull(),
    total: integer('total').notNull(),
    failed: integer('failed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.minute, t.shard] }), index('payment_minutes_minute_idx').on(t.minute)],
);

export const metricMinutes = pgTable(
  'metric_minutes',
  {
    metric: text('metric').notNull(),
    minute: ts('minute').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    shard: integer('shard').notNull(),
    count: integer('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
    // the latest sample of the bucket, for the `last` aggregate
    lastValue: doublePrecision('last_value').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.minute, t.labels, t.shard] }), index('metric_minutes_minute_idx').on(t.minute)],
);

// ── alerting ────────────────────────────────────────────────────────────────

export const alertRules = pgTable(
  'alert_rules',
  {
    id: id(),
    ruleName: text('rule_name').notNull(),
    description: text('description').notNull().default(''),
    ruleType: text('rule_type', { enum: RULE_TYPES }).notNull(),
    check: text('check').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    alertConfig: jsonb('alert_config').$type<Record<string, unknown>>().notNull().default({}),
    version: integer('version').notNull().default(1),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('alert_rules_name_key').on(t.ruleName), index('alert_rules_check_idx').on(t.check).where(sql`${t.isEnabled}`)],
);

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    // rule + resource (+ deadline kind): unique among unresolved alerts, so a re-fire updates in place
    fingerprint: text('fingerprint').notNull(),
    ruleId: bigint('rule_id', { mode: 'number' }).references(() => alertRules.id, { onDelete: 'set null' }),
    alertType: text('alert_type').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    title: text('title').notNull(),
    message: text('message').notNull().default(''),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('firing'),
    occurrences: integer('occurrences').notNull().default(1),
    firstFiredAt: ts('first_fired_at').notNull().defaultNow(),
    lastFiredAt: ts('last_fired_at').notNull().defaultNow(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: userRef('acknowledged_by'),
    resolvedAt: ts('resolved_at'),
    resolvedBy: userRef('resolved_by'),
    resolutionReason: text('resolution_reason'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    nextEscalationAt: ts('next_escalation_at'),
    expiresAt: ts('expires_at'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // what the analytics rollups last counted of the alert (lib/analytics/fold.ts); null: not yet
    countedStatus: text('counted_status'),
    countedAcknowledgedAt: ts('counted_acknowledged_at'),
    countedResolvedAt: ts('counted_resolved_at'),
    countedRuleId: bigint('counted_rule_id', { mode: 'number' }),
  },
  (t) => [
    // the alerts the next fold of the rollups takes in: their state differs from what was counted
    index('alerts_rollup_pending_idx')
      .on(t.id)
      .where(
        sql`${t.countedStatus} is distinct from ${t.status} or ${t.countedAcknowledgedAt} is distinct from ${t.acknowledgedAt} or ${t.countedResolvedAt} is distinct from ${t.resolvedAt} or ${t.countedRuleId} is distinct from ${t.ruleId}`,
      ),
    uniqueIndex('alerts_open_fingerprint_key').on(t.fingerprint).where(sql`${t.status} <> 'resolved'`),
    index('alerts_rule_open_idx').on(t.ruleId).where(sql`${t.status} <> 'resolved'`),
    // a rule's hourly cap counts its recent alerts
    index('alerts_rule_created_idx').on(t.ruleId, t.createdAt),
    index('alerts_resource_idx').on(t.resourceType, t.resourceId),
    index('alerts_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('alerts_resolved_at_idx').on(t.resolvedAt).where(sql`${t.status} = 'resolved'`),
    index('alerts_escalation_due_idx').on(t.nextEscalationAt).where(sql`${t.status} = 'firing'`),
    // open alerts that end by time (a rule's expiry, a Prometheus alert's endsAt), checked every minute
    index('alerts_expires_idx').on(t.expiresAt).where(sql`${t.status} <> 'resolved' and ${t.expiresAt} is not null`),
    // what each silence has kept quiet (the admin's silence list)
    index('alerts_silenced_by_idx').on(sql`(${t.metadata}->>'silenced_by')`).where(sql`${t.metadata} ? 'silenced_by'`),
  ],
);

export const alertRecipients = pgTable(
  'alert_recipients',
  {
    alertId: bigint('alert_id', { mode: 'number' }).notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    // why this person got it: assignee, manager, role, user, broadcast, escalation
    reason: text('reason').notNull(),
    // copy of the alert's severity, so the bell's worst-unread colour is index-only
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    createdAt: createdAt(),
    seenAt: ts('seen_at'),
    readAt: ts('read_at'),
    dismissedAt: ts('dismissed_at'),
    snoozedUntil: ts('snoozed_until'),
    // copy of the alert's resolution time (trigger of db/legacy-migrations/0011): the bell counts only open alerts, index-only
    alertResolvedAt: ts('alert_resolved_at'),
    // the transaction that delivered the row: live streams find rows committed since their last
    // look as those not visible in that look's snapshot, whatever order transactions commit in
    xactId: xid8('xact_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.alertId] }),
    index('alert_recipients_alert_idx').on(t.alertId),
    // the inbox, newest first, keyset-paged
    index('alert_recipients_inbox_idx').on(t.userId, t.createdAt.desc(), t.alertId.desc()),
    // unread count: index-only over a partial index
    index('alert_recipients_snoozed_idx').on(t.snoozedUntil).where(sql`${t.snoozedUntil} is not null`),
    // the team view: inbox rows of open alerts by person (a lead's people's resolved history skipped)
    index('alert_recipients_open_user_idx').on(t.userId, t.alertId).where(sql`${t.alertResolvedAt} is null`),
    // analytics of a team: its people's alerts resolved since a window began
    index('alert_recipients_resolved_user_idx').on(t.userId, t.alertResolvedAt).where(sql`${t.alertResolvedAt} is not null`),
    index('alert_recipients_unread_idx')
      .on(t.userId, t.severity)
      .where(sql`${t.readAt} is null and ${t.dismissedAt} is null and ${t.alertResolvedAt} is null`),
    // the inbox rows a fold of the rollups takes in: those of the transactions ended since the last one
    index('alert_recipients_xact_idx').on(t.xactId),
  ],
);

/** Up to which transaction the inbox rows are counted in the rollups (lib/analytics/fold.ts): one row. */
export const rollupHorizon = pgTable(
  'rollup_horizon',
  {
    id: smallint('id').primaryKey().default(1),
    inboxXid: xid8('inbox_xid').notNull(),
  },
  (t) => [check('rollup_horizon_one_row', sql`${t.id} = 1`)],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: id(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    actorId: userRef('actor_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.createdAt)],
);

export const DIGEST_FREQUENCIES = ['off', 'hourly', 'daily'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const DELIVERY_CHANNELS = ['email', 'slack', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead', 'skipped'] as const;

/**
 * The outbox: one row per message to send, written by a trigger on alert_events in the same
 * transaction as the timeline event it announces (db/legacy-migrations/0006), sent by lib/delivery/dispatch.ts.
 * pending → sending (claimed, with a lease) → sent; failed waits for its next attempt; dead gave up;
 * skipped: the channel is not configured on this deployment.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    // the alert announced; null for a digest, which lists many (digest_id)
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id, { onDelete: 'cascade' }),
    digestId: bigint('digest_id', { mode: 'number' }).references(() => digests.id, { onDelete: 'cascade' }),
    // the timeline event announced: fired, refired, escalated, acknowledged, resolved
    eventId: bigint('event_id', { mode: 'number' }).references(() => alertEvents.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().default('fired'),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
    target: text('target').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    // a retried job re-inserting the same notification is a no-op; receivers see it as the message id
    idempotencyKey: text('idempotency_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
    // what the analytics rollups last counted of the delivery (lib/analytics/fold.ts); null: not yet
    countedStatus: text('counted_status'),
    countedSentAt: ts('counted_sent_at'),
  },
  (t) => [
    uniqueIndex('deliveries_idempotency_key').on(t.idempotencyKey),
    index('deliveries_alert_idx').on(t.alertId),
    // the cascade from a deleted timeline event (retention deletes an alert's events) finds its deliveries
    index('deliveries_event_idx').on(t.eventId),
    // the admin's delivery list, newest first, by status
    index('deliveries_status_idx').on(t.status, t.id.desc()),
    // what is due: new, waiting for a retry, or claimed by a sender whose lease ran out
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending','failed','sending')`),
    index('deliveries_digest_idx').on(t.digestId).where(sql`${t.digestId} is not null`),
    check('deliveries_subject_check', sql`${t.alertId} is not null or ${t.digestId} is not null`),
    // the deliveries the next fold of the rollups takes in: an alert's, changed since counted
    index('deliveries_rollup_pending_idx')
      .on(t.id)
      .where(sql`${t.alertId} is not null and (${t.countedStatus} is distinct from ${t.status} or ${t.countedSentAt} is distinct from ${t.sentAt})`),
  ],
);

/**
 * Analytics rollups: whole hours and days of counts, so /analytics sums a few thousand rows instead
 * of the alerts of a month. Folded from what changed, off the write path (lib/analytics/fold.ts);
 * readers sum shards (rows written by the triggers of db/legacy-migrations/0020 carry shards 0-7, folds write 0).
 */
export const alertHours = pgTable(
  'alert_hours',
  {
    hour: ts('hour').notNull(),
    shard: smallint('shard').notNull(),
    severity: text('severity').notNull(),
    alertType: text('alert_type').notNull(),
    // 0: raised without a rule (rule_name then from the alert's metadata)
    ruleId: bigint('rule_id', { mode: 'number' }).notNull(),
    ruleName: text('rule_name').notNull(),
    opened: integer('opened').notNull(),
    acknowledged: integer('acknowledged').notNull(),
    resolved: integer('resolved').notNull(),
    unattended: integer('unattended').notNull(),
    open: integer('open').notNull(),
    // counted in the hour the alert resolved, not the hour it opened
    closed: integer('closed').notNull(),
  },
  (t) => [
    primaryKey({ name: 'alert_hours_pk', columns: [t.hour, t.shard, t.severity, t.alertType, t.ruleId, t.ruleName] }),
    index('alert_hours_open_idx').on(t.severity).where(sql`${t.open} <> 0`),
  ],
);

/** Log-scale histograms (bin k: [1.02^(k-1), 1.02^k) s) of time to acknowledge, resolve and deliver, per hour and per day the alert opened. */
export const alertDurations = pgTable(
  'alert_durations',
  {
    span: text('span', { enum: ['hour', 'day'] }).notNull(),
    start: ts('start').notNull(),
    // ack, resolve, sent:<channel>
    measure: text('measure').notNull(),
    bin: smallint('bin').notNull(),
    n: integer('n').notNull(),
    ms: bigint('ms', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'alert_durations_pk', columns: [t.span, t.start, t.measure, t.bin] })],
);

/** Deliveries by channel and status, in the hour their alert opened. */
export const alertDeliveryHours = pgTable(
  'alert_delivery_hours',
  {
    hour: ts('hour').notNull(),
    shard: smallint('shard').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ name: 'alert_delivery_hours_pk', columns: [t.hour, t.shard, t.channel, t.status] })],
);

/** Alert load per person: the alerts that reached them, by the day the alert opened. */
export const alertPersonDays = pgTable(
  'alert_person_days',
  {
    day: ts('day').notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    shard: smallint('shard').notNull(),
    alerts: integer('alerts').notNull(),
    acknowledged: integer('acknowledged').notNull(),
  },
  (t) => [primaryKey({ name: 'alert_person_days_pk', columns: [t.day, t.userId, t.shard] })],
);

export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    id: id(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    alertType: text('alert_type').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    deliveryChannels: text('delivery_channels').array().notNull().default(sql`'{in_app}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('alert_subscriptions_user_type_key').on(t.userId, t.alertType)],
);

export const notificationPreferences = pgTable('notification_preferences', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  emailEnabled: boolean('email_enabled').notNull().default(true),
  slackEnabled: boolean('slack_enabled').notNull().default(true),
  minEmailSeverity: text('min_email_severity', { enum: SEVERITIES }).notNull().default('warning'),
  // "HH:MM" in the user's timezone; critical alerts break through
  quietHoursStart: text('quiet_hours_start'),
  quietHoursEnd: text('quiet_hours_end'),
  browserNotifications: boolean('browser_notifications').notNull().default(false),
  // one email listing what is unread and open, instead of single emails for non-critical alerts
  digestFrequency: text('digest_frequency', { enum: DIGEST_FREQUENCIES }).notNull().default('off'),
  // daily: the hour (0–23) in the person's time zone
  digestHour: integer('digest_hour').notNull().default(8),
  // when the schedule was chosen: periods that started before it are not sent
  digestSince: ts('digest_since').notNull().defaultNow(),
  updatedAt: updatedAt(),
}, (t) => [
  index('notification_preferences_digest_idx').on(t.userId).where(sql`${t.digestFrequency} <> 'off'`),
  check('notification_preferences_digest_frequency_check', sql`${t.digestFrequency} in ('off', 'hourly', 'daily')`),
  check('notification_preferences_digest_hour_check', sql`${t.digestHour} between 0 and 23`),
]);

/** One row per person and digest period, sent or empty: its unique key makes a digest go once per period. */
export const digests = pgTable(
  'digests',
  {
    id: id(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    frequency: text('frequency', { enum: DIGEST_FREQUENCIES }).notNull(),
    periodStart: ts('period_start').notNull(),
    // unread open alerts it listed; 0: nothing to tell, no email
    alertCount: integer('alert_count').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('digests_user_period_key').on(t.userId, t.periodStart), index('digests_created_idx').on(t.createdAt)],
);

export const silences = pgTable(
  'silences',
  {
    id: id(),
    // any of: rule_id, alert_type, severity, resource_type, resource_id — all given must match
    matchers: jsonb('matchers').$type<Record<string, string | number>>().notNull(),
    startsAt: ts('starts_at').notNull().defaultNow(),
    endsAt: ts('ends_at').notNull(),
    comment: text('comment').notNull().default(''),
    createdBy: userRef('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('silences_active_idx').on(t.endsAt, t.startsAt)],
);

/**
 * An alert silenced when it fired, held until its silence ends: who it would have reached then
 * (decided by the rule at firing, as for any alert), told once by lib/alerts/release.ts if it still fires.
 */
export const alertHolds = pgTable(
  'alert_holds',
  {
    alertId: bigint('alert_id', { mode: 'number' }).primaryKey().references(() => alerts.id, { onDelete: 'cascade' }),
    // the silence holding it now: the one it fired under, or a later one that matched when that ended
    silenceId: bigint('silence_id', { mode: 'number' }).notNull().references(() => silences.id),
    // [{ user_id, reason }]: the inbox rows it would have had
    recipients: jsonb('recipients').$type<{ user_id: number; reason: string }[]>().notNull().default([]),
    // joined an open group: told quietly (in the inbox as read, no escalation)
    grouped: boolean('grouped').notNull().default(false),
    escalateAfterMinutes: integer('escalate_after_minutes'),
    createdAt: createdAt(),
  },
  (t) => [index('alert_holds_silence_idx').on(t.silenceId)],
);

/** Per-rule evaluation state that outlives one tick: a threshold pending for its `for` period. */
export const ruleStates = pgTable(
  'rule_states',
  {
    ruleId: bigint('rule_id', { mode: 'number' }).notNull().references(() => alertRules.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    pendingSince: ts('pending_since').notNull().defaultNow(),
    lastValue: doublePrecision('last_value'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.key] })],
);

export const cronRuns = pgTable(
  'cron_runs',
  {
    id: id(),
    job: text('job').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'skipped'] }).notNull().default('running'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
  },
  (t) => [index('cron_runs_job_started_idx').on(t.job, t.startedAt.desc()), index('cron_runs_started_idx').on(t.startedAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorId: userRef('actor_id'),
    // user (session), token (API token), system (cron, checks)
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt.desc()),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    // the admin's audit view, newest first, by action
    index('audit_log_action_idx').on(t.action, t.id.desc()),
  ],
);

export type User = typeof users.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type AlertRule = typeof alertRules.$inferSelect;
export type Complaint = typeof complaints.$inferSelect;
export type Invite = typeof invites.$inferSelect;
