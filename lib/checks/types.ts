import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';

/** A kind of check: a zod schema for its rule conditions and the set-based SQL of its candidates. */
export type CheckDefinition<C> = {
  name: string;
  label: string;
  conditions: z.ZodType<C>;
  /** SELECT fingerprint, resource_type, resource_id, subject_user_id, ctx, metadata */
  candidates: (rule: { id: number }, conditions: C) => SQL;
};
