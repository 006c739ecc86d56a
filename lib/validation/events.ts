import { z } from 'zod';
import { COMPLAINT_STATUSES, PRIORITIES, SEVERITIES } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';

export const MAX_EVENTS_PER_REQUEST = 1000;

const when = z.iso.datetime({ offset: true });
const attrValue = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);

const complaintFields = z.object({
  reference: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(10_000).optional(),
  customer_name: z.string().max(255).optional(),
  priority: z.enum(PRIORITIES).optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
  // null unassigns
  assignee_email: z.string().trim().email().max(320).nullable().optional(),
  response_due_at: when.nullable().optional(),
  resolution_due_at: when.nullable().optional(),
  first_responded_at: when.nullable().optional(),
  resolved_at: when.nullable().optional(),
});

export const complaintEventSchema = z.object({
  type: z.enum(['complaint.created', 'complaint.updated']),
  complaint: complaintFields,
});

export const paymentEventSchema = z.object({
  type: z.enum(['payment.succeeded', 'payment.failed']),
  payment: z.object({
    id: z.string().trim().min(1).max(100),
    amount_cents: z.number().int().min(0).max(1e13),
    currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
    provider: z.string().trim().min(1).max(50),
    customer_name: z.string().max(255).default(''),
    failure_code: z.string().max(100).nullable().optional(),
    failure_message: z.string().max(1000).nullable().optional(),
    occurred_at: when.optional(),
    attributes: z.record(z.string().max(64), attrValue).optional(),
  }),
});

export const metricEventSchema = z.object({
  type: z.literal('metric'),
  metric: z.string().trim().regex(/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,99}$/),
  value: z.number().finite(),
  labels: z.record(z.string().max(64), z.string().max(200)).optional(),
  recorded_at: when.optional(),
});

export const customEventSchema = z.object({
  type: z.literal('custom'),
  event_type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'lowercase letters, digits, _ and .'),
  severity: z.enum(SEVERITIES).optional(),
  title: z.string().max(255).optional(),
  message: z.string().max(4000).optional(),
  resource: z.object({ type: z.string().min(1).max(50), id: z.string().min(1).max(100) }).optional(),
  attributes: z
    .record(z.string().max(64), attrValue)
    .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes')
    .optional(),
  // events with the same fingerprint are one alert; defaults to the resource, else the event type
  fingerprint: z.string().min(1).max(200).optional(),
  // "resolved" closes the alert this event's fingerprint opened
  status: z.enum(['firing', 'resolved']).default('firing'),
});

export const eventSchema = z.discriminatedUnion('type', [complaintEventSchema, paymentEventSchema, metricEventSchema, customEventSchema]);
export type IngestEvent = z.infer<typeof eventSchema>;

/** A body holds one event, a JSON array of events, or `{ "events": [...] }`; over the cap is a 413. */
export function parseIngestBody(body: unknown): IngestEvent[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' && 'events' in body ? (body as { events: unknown }).events : null;
  if (list === null) return [eventSchema.parse(body)];
  if (Array.isArray(list) && list.length > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(413, 'Content Too Large', `At most ${MAX_EVENTS_PER_REQUEST} events per request; got ${list.length}`);
  }
  return z.array(eventSchema).min(1).parse(list);
}

// ── event rules ──────────────────────────────────────────────────────────────────────────────

export const CONDITION_OPS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'not_in', 'contains', 'exists'] as const;

export const eventConditionSchema = z.object({
  attr: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/),
  op: z.enum(CONDITION_OPS),
  value: z.union([attrValue, z.array(z.union([z.string(), z.number()])).max(100)]).optional(),
});

export const eventMatchConditions = z.object({
  event_type: z.union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(20)]),
  where: z.array(eventConditionSchema).max(20).default([]),
  // a catch-all: fires only for firing events that no other enabled event rule matched
  unmatched_only: z.boolean().optional(),
});
export type EventMatchConditions = z.infer<typeof eventMatchConditions>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
