import { z } from 'zod';

/** A password people choose: long enough to resist guessing, short enough to hash quickly. */
export const newPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters')
  .refine((p) => p.trim().length > 0, 'A password cannot be only spaces');

export const personNameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters');

export const updateProfileSchema = z.strictObject({ name: personNameSchema.optional() });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export const changePasswordSchema = z.strictObject({
  current_password: z.string().min(1, 'Enter your current password').max(200),
  new_password: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const profileSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['staff', 'manager', 'admin']),
  timezone: z.string(),
  manager: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type Profile = z.infer<typeof profileSchema>;
