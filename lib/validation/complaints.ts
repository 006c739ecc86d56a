import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { pathIdSchema } from './ids';

/** A complaint id in a path; anything else is a 422. */
export const complaintIdSchema = pathIdSchema('Complaint');

/** POST /api/v1/complaints/{id}/assign: to whom; no body (or no assignee_id) means the viewer. */
export const assignComplaintSchema = z.strictObject({
  assignee_id: z
    .number('assignee_id must be a person\'s id')
    .int('assignee_id must be a person\'s id')
    .min(1, 'assignee_id must be a person\'s id')
    .max(Number.MAX_SAFE_INTEGER, 'assignee_id is out of range')
    .optional()
    .describe('Whom to assign it to; left out: the viewer'),
});
export type AssignComplaintInput = z.infer<typeof assignComplaintSchema>;

export const assignResultSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  status: z.string(),
  assignee: z.object({ id: z.number().int(), name: z.string() }),
  previous_assignee_id: z.number().int().nullable(),
  changed: z.boolean().describe('false when it already was the assignee\'s'),
});

/** GET /api/v1/team: whom the viewer may assign complaints to — themselves and their active team (alerts.manage: every active person). */
export const assignablePeopleSchema = z.object({
  people: z.array(z.object({ id: z.number().int(), name: z.string(), role: z.enum(ROLES) })),
});
export type AssignablePeople = z.infer<typeof assignablePeopleSchema>;
export type AssignablePerson = AssignablePeople['people'][number];
