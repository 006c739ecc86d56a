import { z } from 'zod';

/** A complaint id in a path: a positive integer that fits a JS number, else a 422. */
export const complaintIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'Complaint id must be a positive integer')
  .transform(Number)
  .refine(Number.isSafeInteger, 'Complaint id is out of range');

export const assignResultSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  status: z.string(),
  assignee: z.object({ id: z.number().int(), name: z.string() }),
  previous_assignee_id: z.number().int().nullable(),
  changed: z.boolean().describe('false when it already was the viewer\'s'),
});
