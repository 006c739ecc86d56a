import { z } from 'zod';
import { DELIVERY_CHANNELS } from '@/db/schema';
import { slackChannelSchema } from './rules';

/** POST /api/v1/alerts/test: which channels to try, and where (email defaults to the caller's own address). */
export const deliveryTestSchema = z
  .strictObject({
    channels: z
      .array(z.enum(DELIVERY_CHANNELS))
      .min(1)
      .max(DELIVERY_CHANNELS.length)
      .refine((c) => new Set(c).size === c.length, 'Channels must not repeat'),
    email_to: z.email().max(254).optional(),
    slack_channel: slackChannelSchema.optional(),
    webhook_url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.channels.includes('webhook') && !t.webhook_url) ctx.addIssue({ code: 'custom', path: ['webhook_url'], message: 'the webhook channel needs webhook_url' });
  });
export type DeliveryTestInput = z.infer<typeof deliveryTestSchema>;

export const deliveryTestResultSchema = z.object({
  results: z.array(
    z.object({
      channel: z.enum(DELIVERY_CHANNELS),
      target: z.string(),
      ok: z.boolean(),
      // sent, or why not: the receiver's answer, or the setting this deployment lacks
      outcome: z.enum(['sent', 'refused', 'failed', 'not_configured']),
      error: z.string().nullable(),
      duration_ms: z.number(),
    }),
  ),
});
export type DeliveryTestResult = z.infer<typeof deliveryTestResultSchema>;
