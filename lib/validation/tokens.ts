import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/permissions';

export const createTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
  expires_in_days: z.number().int().min(1).max(3650).nullable().default(90),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
