import { z } from 'zod';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@/db/schema';

const when = z.iso.datetime();

export const jobRunSchema = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
  started_at: when,
  finished_at: when.nullable(),
  duration_ms: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
});
export const jobOverviewSchema = z.object({
  job: z.string(),
  schedule: z.string().nullable(),
  next_run_at: when.nullable(),
  // late: no successful run within twice the schedule's interval
  late: z.boolean(),
  last_success_at: when.nullable(),
  runs: z.array(jobRunSchema),
});
export const jobsOverviewSchema = z.object({ jobs: z.array(jobOverviewSchema) });
export type JobsOverview = z.infer<typeof jobsOverviewSchema>;
export type JobRun = z.infer<typeof jobRunSchema>;

export const deliveriesQuerySchema = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: z.enum(DELIVERY_CHANNELS).optional(),
  // keyset: the id of the last row of the previous page
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

export const adminDeliverySchema = z.object({
  id: z.number().int(),
  alert: z.object({ id: z.number().int(), title: z.string(), severity: z.string() }),
  kind: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  // an email address, a Slack channel, or a webhook's address without its query string
  target: z.string(),
  recipient: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  next_attempt_at: when.nullable(),
  sent_at: when.nullable(),
  created_at: when,
});
export const deliveryPageSchema = z.object({ deliveries: z.array(adminDeliverySchema), next_before: z.number().int().nullable() });
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;
