import { db } from '@/db/client';
import { readJson, withLinkToken } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { acceptInvite } from '@/lib/auth/invites';
import { acceptInviteSchema } from '@/lib/validation/users';

export const dynamic = 'force-dynamic';

// POST /api/v1/invites/{token} — public (the link is the credential): set the password and use up the link; 404 unknown, 410 expired/used/revoked
export const POST = withLinkToken(async ({ req, params }) => {
  const input = acceptInviteSchema.parse(await readJson(req));
  return json(await acceptInvite(db, String(params.token ?? ''), input));
});
