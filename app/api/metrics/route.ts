import { problemFromError, toResponse } from '@/lib/api/problem';
import { metricsResponse } from '@/lib/metrics/exposition';

export const dynamic = 'force-dynamic';

// GET /api/metrics — Prometheus text exposition (Authorization: Bearer $METRICS_TOKEN; 404 while it is unset)
export async function GET(req: Request) {
  try {
    return toResponse(await metricsResponse(req.headers.get('authorization')));
  } catch (err) {
    return problemFromError(err);
  }
}
