import { z } from 'zod';
import { pathIdSchema } from './ids';

/** A complaint id in a path; anything else is a 422. */
export const complaintIdSchema = pathIdSchema('Complaint');

export const assignResultSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  status: z.string(),
  assignee: z.object({ id: z.number().int(), name: z.string() }),
  previous_assignee_id: z.number().int().nullable(),
  changed: z.boolean().describe('false when it already was the viewer\'s'),
});
