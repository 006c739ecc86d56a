import { db } from '@/db/client';
import { withLinkToken } from '@/lib/api/handler';
import { json } from '@/lib/api/problem';
import { unsubscribeDigest } from '@/lib/alerts/digest-unsubscribe';

export const dynamic = 'force-dynamic';

// POST /api/v1/digests/unsubscribe/{token} — public (the link is the credential): the digest off; a bad token is 404.
// Mail clients post `List-Unsubscribe=One-Click` here (RFC 8058; the body is not read); the confirm
// page's form posts with `?from=page` and is sent back to the page (303), so it works without script.
export const POST = withLinkToken(async ({ req, params }) => {
  const token = String(params.token ?? '');
  const result = await unsubscribeDigest(db, token);
  if (new URL(req.url).searchParams.get('from') === 'page') {
    return new Response(null, { status: 303, headers: { location: `/unsubscribe/${encodeURIComponent(token)}?done=1`, 'cache-control': 'no-store' } });
  }
  return json(result);
});
