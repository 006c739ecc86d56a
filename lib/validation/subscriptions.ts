import { z } from 'zod';
import { channelSchema } from './rules';

export const DEFAULT_SUBSCRIPTION_CHANNELS = ['in_app'] as const;

/**
 * One alert type as a user receives it. A type without a saved choice is enabled, in-app, plus
 * email when a rule of that type emails; saved channels replace that (email in them opts in,
 * email left out opts out).
 */
export const subscriptionSchema = z.object({
  alert_type: z.string(),
  is_enabled: z.boolean(),
  delivery_channels: z.array(channelSchema),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const subscriptionListSchema = z.object({ subscriptions: z.array(subscriptionSchema) });
export type SubscriptionList = z.infer<typeof subscriptionListSchema>;

/**
 * PUT /api/v1/alerts/subscriptions: upsert the given types (others stay as they are). Omitted
 * delivery_channels keep the saved ones (the default for a new row). Unknown alert types are a 422.
 */
export const putSubscriptionsSchema = z.strictObject({
  subscriptions: z
    .array(
      z.strictObject({
        alert_type: z.string().min(1).max(64),
        is_enabled: z.boolean(),
        delivery_channels: z
          .array(channelSchema)
          .min(1)
          .max(channelSchema.options.length)
          .refine((c) => new Set(c).size === c.length, 'Channels must not repeat')
          .optional(),
      }),
    )
    .max(200)
    .superRefine((subs, ctx) => {
      const seen = new Set<string>();
      subs.forEach((s, i) => {
        if (seen.has(s.alert_type)) ctx.addIssue({ code: 'custom', path: [i, 'alert_type'], message: 'Listed twice' });
        seen.add(s.alert_type);
      });
    }),
});
export type PutSubscriptionsInput = z.infer<typeof putSubscriptionsSchema>;
