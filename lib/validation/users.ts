import { z } from 'zod';
import { ROLES } from '@/db/schema';

const when = z.iso.datetime();
const int = z.number().int();
const userId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
// query strings carry 'true'/'false'
const booleanParam = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const INVITE_STATUSES = ['pending', 'expired', 'accepted', 'none'] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

export const emailSchema = z.string().trim().toLowerCase().email('Enter a valid email address').max(320);
export const personNameSchema = z.string().trim().min(1, 'Enter a name').max(100);
export const passwordSchema = z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`);

/** GET /api/v1/admin/users: search by name or email, filter by role and active, keyset-paged by name. */
export const listUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Part of a name or email, case-insensitive'),
  role: z.enum(ROLES).optional(),
  active: booleanParam.optional().describe('true: active people only; false: deactivated only'),
  cursor: z.string().min(1).max(400).optional().describe('next_cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

/** POST /api/v1/admin/users: a new person, who gets an invite link to set their password. */
export const createUserSchema = z.strictObject({
  email: emailSchema,
  name: personNameSchema,
  role: z.enum(ROLES),
  manager_id: userId.nullable().optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** PATCH /api/v1/admin/users/{id}: the fields given change; manager_id null removes the manager. */
export const updateUserSchema = z
  .strictObject({
    name: personNameSchema.optional(),
    role: z.enum(ROLES).optional(),
    manager_id: userId.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Give at least one of name, role, manager_id, active');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** POST /api/v1/invites/{token}: the invited person sets their password (and may correct their name). */
export const acceptInviteSchema = z.strictObject({
  password: passwordSchema,
  name: personNameSchema.optional(),
});
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

/** POST /api/v1/setup: the first admin, with the setup link's token. */
export const setupSchema = z.strictObject({
  token: z.string().min(1).max(200),
  email: emailSchema,
  name: personNameSchema,
  password: passwordSchema,
});
export type SetupInput = z.infer<typeof setupSchema>;

export const adminUserSchema = z.object({
  id: int,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  manager: z.object({ id: int, name: z.string() }).nullable(),
  is_active: z.boolean(),
  timezone: z.string(),
  created_at: when,
  // of the latest invite link: pending (open), expired (never used), accepted (used), none (never invited, or revoked)
  invite_status: z.enum(INVITE_STATUSES),
  invite_expires_at: when.nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const userPageSchema = z.object({ users: z.array(adminUserSchema), next_cursor: z.string().nullable() });
export type UserPage = z.infer<typeof userPageSchema>;

/** A new invite link: shown to the admin (it is the only copy), and emailed when SMTP is configured. */
export const inviteLinkSchema = z.object({
  invite_url: z.string().describe('One-time link, valid for 72 hours; only its hash is stored'),
  expires_at: when,
  emailed: z.boolean().describe('false when email is not configured or the send failed'),
});
export type InviteLink = z.infer<typeof inviteLinkSchema>;

export const createdUserSchema = inviteLinkSchema.extend({ user: adminUserSchema });
export type CreatedUser = z.infer<typeof createdUserSchema>;

export const signedUpUserSchema = z.object({ user: z.object({ id: int, email: z.string(), name: z.string(), role: z.enum(ROLES) }) });
export type SignedUpUser = z.infer<typeof signedUpUserSchema>;
