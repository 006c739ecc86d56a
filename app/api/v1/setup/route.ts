import { db } from '@/db/client';
import { readJson, withLinkToken } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { completeSetup, removeSetupUrlFile } from '@/lib/auth/setup';
import { setupSchema } from '@/lib/validation/users';

export const dynamic = 'force-dynamic';

// POST /api/v1/setup — public (the setup link's token is the credential): create the first admin; 404 unknown link, 410 used/expired or already set up
export const POST = withLinkToken(async ({ req }) => {
  const created = await completeSetup(db, setupSchema.parse(await readJson(req)));
  removeSetupUrlFile();
  return json(created, 201);
});
