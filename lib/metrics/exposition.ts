import { timingSafeEqual } from 'node:crypto';
import { plainProblem, type PlainResponse } from '@/lib/api/problem';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { metrics } from './registry';

type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];
/** Set by scripts/serve.ts when the delivery worker runs in a process of its own: its metrics, on request. */
const g = globalThis as unknown as { __opsAlertsWorkerMetrics?: () => Promise<ProcessMetrics> };

/** This process's metrics, with the delivery worker's process's where it runs beside it (counters and histograms summed). */
async function exposition(): Promise<string> {
  const worker = g.__opsAlertsWorkerMetrics;
  if (!worker) return metrics.registry.metrics();
  const [own, theirs] = await Promise.all([metrics.registry.getMetricsAsJSON(), worker().catch((): ProcessMetrics => [])]);
  return AggregatorRegistry.aggregate([own, theirs]).metrics();
}

/**
 * GET /api/metrics for a Prometheus scraper holding METRICS_TOKEN. Unset, the endpoint does not exist
 * (404): nothing is exposed by default. The token is compared in constant time.
 */
export async function metricsResponse(authorization: string | null, token = process.env.METRICS_TOKEN): Promise<PlainResponse> {
  if (!token) return plainProblem(404, 'Not Found', 'Metrics are off: set METRICS_TOKEN to expose them');
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
  if (!sameSecret(given, token)) return plainProblem(401, 'Unauthorized', 'Send Authorization: Bearer $METRICS_TOKEN');
  return { status: 200, headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }, body: await exposition() };
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  // compare equal-length buffers either way, so a wrong length takes the same time as a wrong byte
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}
