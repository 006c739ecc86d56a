import { z } from 'zod';
import { ApiError } from '@/lib/api/problem';
import type { Severity } from '@/db/schema';
import type { MatchableEvent } from '@/lib/events/match';

/**
 * Alerts from the Prometheus world — Prometheus' own notifier and amtool (Alertmanager API v2),
 * an Alertmanager webhook receiver, a Grafana webhook contact point — become events of one type,
 * `prometheus.alert`, that event rules route on their labels. The label set is the identity, as in
 * Alertmanager: the same labels from any of the three are one alert.
 */
export const PROMETHEUS_EVENT_TYPE = 'prometheus.alert';
export type PrometheusSource = 'prometheus' | 'alertmanager' | 'grafana';

/** Alertmanager's default: a firing alert that is not sent again within this long resolves by itself. */
export const RESOLVE_TIMEOUT_MS = 5 * 60_000;
export const MAX_ALERTS_PER_REQUEST = 1000;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const labelSet = z
  .record(z.string().regex(LABEL_NAME, 'a label name: letters, digits and _, not starting with a digit').max(128), z.string().max(2048))
  .refine((l) => Object.keys(l).length <= 64, 'at most 64 labels');
const annotationSet = z
  .record(z.string().min(1).max(128), z.string().max(8192))
  .refine((a) => Object.keys(a).length <= 64, 'at most 64 annotations');
// Go's zero time ("0001-01-01T00:00:00Z") is how Alertmanager writes "not set"
const time = z.iso.datetime({ offset: true });
const url = z.string().max(2048);

/** Alertmanager API v2 `postableAlert`. */
const postableAlert = z
  .object({
    labels: labelSet.refine((l) => Object.keys(l).length > 0, 'at least one label'),
    annotations: annotationSet.optional(),
    startsAt: time.optional(),
    endsAt: time.optional(),
    generatorURL: url.optional(),
  })
  .refine((a) => !a.startsAt || !a.endsAt || goZero(a.endsAt) || Date.parse(a.endsAt) >= Date.parse(a.startsAt), {
    message: 'endsAt is before startsAt',
    path: ['endsAt'],
  });

/** One alert of an Alertmanager (version 4) or Grafana webhook payload. */
const webhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: annotationSet.optional(),
  startsAt: time.optional(),
  endsAt: time.optional(),
  generatorURL: url.optional(),
  fingerprint: z.string().max(64).optional(),
  // Grafana's
  silenceURL: url.optional(),
  dashboardURL: url.optional(),
  panelURL: url.optional(),
  valueString: z.string().max(4096).optional(),
});
const webhookPayload = z.object({
  version: z.string().max(10).optional(),
  receiver: z.string().max(512).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  groupKey: z.string().max(4096).optional(),
  externalURL: url.optional(),
  alerts: z.array(webhookAlert).max(MAX_ALERTS_PER_REQUEST),
});

/** Alertmanager API v2 `postableAlerts`: the body of POST /api/v2/alerts. */
export const postableAlertsSchema = z.array(postableAlert).max(MAX_ALERTS_PER_REQUEST);
export const webhookPayloadSchema = webhookPayload;

type PostableAlert = z.infer<typeof postableAlert>;
type WebhookAlert = z.infer<typeof webhookAlert>;

const goZero = (t: string) => t.startsWith('0001-01-01');

/** Alertmanager's clients expect 400 with a message for a body they got wrong, not 422. */
function parseOr400<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ApiError(400, 'Bad Request', `${where}${issue.message}`, {
    errors: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
  });
}

export function parsePostableAlerts(body: unknown): PostableAlert[] {
  if (Array.isArray(body) && body.length > MAX_ALERTS_PER_REQUEST) {
    throw new ApiError(413, 'Content Too Large', `At most ${MAX_ALERTS_PER_REQUEST} alerts per request; got ${body.length}`);
  }
  return parseOr400(postableAlertsSchema, body);
}

export function parseWebhookPayload(body: unknown): z.infer<typeof webhookPayload> {
  return parseOr400(webhookPayload, body);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/**
 * Alertmanager's fingerprint of a label set (prometheus/common model.LabelSet.Fingerprint): FNV-1a
 * 64 over the names in order, each name and value followed by a 0xff byte, as 16 hex digits. The
 * same alert has the same fingerprint here as in Alertmanager and amtool.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  let h = FNV_OFFSET;
  const eat = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  const sep = new Uint8Array([0xff]);
  const enc = new TextEncoder();
  for (const name of Object.keys(labels).sort()) {
    eat(enc.encode(name));
    eat(sep);
    eat(enc.encode(labels[name]!));
    eat(sep);
  }
  return h.toString(16).padStart(16, '0');
}

/** The `severity` label as ours: critical; error or page; warning; info; anything else is a warning. */
export function severityOfLabel(value: string | undefined): Severity {
  switch (value?.toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'error':
    case 'page':
      return 'error';
    case 'info':
      return 'info';
    default:
      return 'warning';
  }
}

type Common = { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string; endsAt?: string; generatorURL?: string };

function toEvent(a: Common, source: PrometheusSource, status: 'firing' | 'resolved', expiresAt: string | undefined, extra: Record<string, unknown> = {}): MatchableEvent {
  const annotations = a.annotations ?? {};
  const fingerprint = labelsFingerprint(a.labels);
  const alertname = a.labels.alertname;
  return {
    event_type: PROMETHEUS_EVENT_TYPE,
    severity: severityOfLabel(a.labels.severity),
    title: (annotations.summary || alertname || `Alert ${fingerprint}`).slice(0, 255),
    message: (annotations.description ?? annotations.message ?? '').slice(0, 4000),
    resource: { type: 'prometheus_alert', id: alertname ? alertname.slice(0, 100) : fingerprint },
    fingerprint: `prom:${fingerprint}`,
    status,
    expires_at: status === 'firing' ? expiresAt : undefined,
    attributes: {
      labels: a.labels,
      annotations,
      source,
      am_fingerprint: fingerprint,
      generator_url: a.generatorURL || null,
      starts_at: a.startsAt && !goZero(a.startsAt) ? a.startsAt : null,
      ...extra,
    },
  };
}

/**
 * Alertmanager API v2 semantics: `endsAt` in the past resolves; a firing alert without one lives
 * for the resolve timeout unless it is sent again (Prometheus re-sends every evaluation, with an
 * endsAt a few intervals ahead).
 */
export function eventsFromPostable(alerts: PostableAlert[], now = Date.now()): MatchableEvent[] {
  return alerts.map((a) => {
    const ends = a.endsAt && !goZero(a.endsAt) ? Date.parse(a.endsAt) : null;
    const resolved = ends !== null && ends <= now;
    const expires = new Date(ends ?? now + RESOLVE_TIMEOUT_MS).toISOString();
    return toEvent(a, 'prometheus', resolved ? 'resolved' : 'firing', expires);
  });
}

/**
 * A webhook payload (Alertmanager version 4, or Grafana's): each alert says firing or resolved.
 * A firing alert does not expire by time here: Alertmanager and Grafana send it again only every
 * repeat interval (hours), and always send its resolution.
 */
export function eventsFromWebhook(payload: z.infer<typeof webhookPayload>, source: 'alertmanager' | 'grafana'): MatchableEvent[] {
  return payload.alerts.map((a: WebhookAlert) =>
    toEvent(a, source, a.status, undefined, {
      receiver: payload.receiver ?? null,
      external_url: payload.externalURL || null,
      ...(source === 'grafana'
        ? { silence_url: a.silenceURL || null, dashboard_url: a.dashboardURL || null, panel_url: a.panelURL || null, value_string: a.valueString ?? null }
        : {}),
    }),
  );
}
