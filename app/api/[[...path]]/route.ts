import { problem } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

/**
 * Any method on a path under /api that no route serves: 404 problem+json, as every API error is,
 * instead of the app's HTML page. Next prefers every real route over this catch-all.
 */
const notFound = async () => problem(404, 'Not Found', 'No API endpoint at this path; the API is described at /api/v1/openapi.json');

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
