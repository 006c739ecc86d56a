/** What a delivery says, per channel: pure functions of the alert and the event announced. */

export type OutgoingAlert = {
  id: number;
  title: string;
  message: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  status: string;
  alert_type: string;
  resource_type: string | null;
  resource_id: string | null;
  occurrences: number;
  escalation_level: number;
  rule_name: string | null;
  /** a Prometheus, Alertmanager or Grafana alert's label set (null for others) */
  labels?: Record<string, string> | null;
  /** where "open" leads, when not the alert's own page (a test message) */
  url?: string;
};

export type OutgoingEvent = { id: number | null; kind: string; details: Record<string, unknown>; at: string; actor_name: string | null };

/** Severity colours of every email (an alert's, a digest's). */
export const SEVERITY_COLOR = { info: '#2563eb', warning: '#d97706', error: '#ea580c', critical: '#dc2626' } as const;
const RESOLVED_COLOR = '#16a34a';

export const alertUrl = (appUrl: string, alert: OutgoingAlert) => alert.url ?? `${appUrl}/alerts/${alert.id}`;

/** A one-line headline for the event, e.g. "Escalated (level 2)" or "Resolved by Ana". */
export function headline(alert: OutgoingAlert, event: OutgoingEvent): string {
  const by = event.actor_name ? ` by ${event.actor_name}` : '';
  switch (event.kind) {
    case 'test':
      return 'Test message: delivery works';
    case 'refired':
      return `Still firing (${alert.occurrences} occurrences)`;
    case 'escalated':
      return `Escalated (level ${Number(event.details.level ?? alert.escalation_level)}), not yet acknowledged`;
    case 'acknowledged':
      return `Acknowledged${by}`;
    case 'resolved':
      return event.details.reason === 'condition_cleared' ? 'Resolved: the condition cleared' : event.details.reason === 'expired' ? 'Resolved: expired' : `Resolved${by}`;
    default:
      return 'Firing';
  }
}

const resource = (a: OutgoingAlert) => (a.resource_type ? `${a.resource_type} ${a.resource_id ?? ''}`.trim() : null);

export function emailMessage(alert: OutgoingAlert, event: OutgoingEvent, appUrl: string) {
  const url = alertUrl(appUrl, alert);
  const tag = event.kind === 'resolved' ? 'Resolved' : event.kind === 'escalated' ? `Escalated L${Number(event.details.level ?? alert.escalation_level)}` : alert.severity.toUpperCase();
  const subject = `[${tag}] ${alert.title}`.slice(0, 250);
  const what = headline(alert, event);
  const facts: [string, string][] = [
    ['Severity', alert.severity],
    ['Status', alert.status],
    ['Type', alert.alert_type],
    ...(resource(alert) ? [['Resource', resource(alert)!] as [string, string]] : []),
    ...(alert.rule_name ? [['Rule', alert.rule_name] as [string, string]] : []),
  ];
  const text = [what, '', alert.title, ...(alert.message ? ['', alert.message] : []), '', ...facts.map(([k, v]) => `${k}: ${v}`), '', `Open: ${url}`, '', `Your notification settings: ${appUrl}/settings`].join('\n');
  const color = event.kind === 'resolved' ? RESOLVED_COLOR : SEVERITY_COLOR[alert.severity];
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a;margin:0;padding:24px;background:#f8fafc">
<table role="presentation" width="100%" style="max-width:560px;margin:auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;border-top:4px solid ${color}">
<tr><td style="padding:20px 24px">
<p style="margin:0 0 4px;font-size:12px;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:${color}">${escapeHtml(what)}</p>
<h1 style="margin:0 0 12px;font-size:18px;line-height:1.3">${escapeHtml(alert.title)}</h1>
${alert.message ? `<p style="margin:0 0 16px;font-size:14px;line-height:1.5;white-space:pre-wrap">${escapeHtml(alert.message)}</p>` : ''}
<table role="presentation" style="font-size:13px;margin:0 0 20px">${facts.map(([k, v]) => `<tr><td style="color:#64748b;padding:2px 16px 2px 0">${k}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<a href="${escapeHtml(url)}" style="display:inline-block;background:#0f172a;color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px;font-size:14px">Open the alert</a>
</td></tr></table>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#64748b">Sent by Ops Alerts. Change what you receive in your <a href="${escapeHtml(appUrl)}/settings" style="color:#64748b">notification settings</a>.</p>
</body></html>`;
  return { subject, text, html };
}

/**
 * Slack's control characters in text: `<…>` makes links and mentions (`<!channel>`, `<@U123>`), so
 * everything that comes from an alert or an event is escaped and shows as written.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
export const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(alert: OutgoingAlert, event: OutgoingEvent, appUrl: string, channel: string) {
  const url = alertUrl(appUrl, alert);
  const what = escapeSlack(headline(alert, event));
  const title = escapeSlack(alert.title);
  const where = resource(alert);
  return {
    ...(channel ? { channel } : {}),
    text: `${what}: ${title}`,
    attachments: [
      {
        color: event.kind === 'resolved' ? RESOLVED_COLOR : SEVERITY_COLOR[alert.severity],
        title,
        title_link: url,
        pretext: what,
        text: escapeSlack(alert.message),
        fields: [
          { title: 'Severity', value: alert.severity, short: true },
          { title: 'Status', value: escapeSlack(alert.status), short: true },
          ...(where ? [{ title: 'Resource', value: escapeSlack(where), short: true }] : []),
          { title: 'Type', value: escapeSlack(alert.alert_type), short: true },
        ],
        footer: escapeSlack(`Ops Alerts${alert.rule_name ? ` · ${alert.rule_name}` : ''}`),
        ts: Math.floor(Date.parse(event.at) / 1000),
      },
    ],
  };
}

/** The webhook body, in the Standard Webhooks shape: type, timestamp, data. */
export function webhookPayload(alert: OutgoingAlert, event: OutgoingEvent, appUrl: string) {
  return {
    type: `alert.${event.kind}`,
    timestamp: event.at,
    data: {
      alert: {
        id: alert.id,
        title: alert.title,
        message: alert.message,
        severity: alert.severity,
        status: alert.status,
        alert_type: alert.alert_type,
        resource: alert.resource_type ? { type: alert.resource_type, id: alert.resource_id } : null,
        occurrences: alert.occurrences,
        escalation_level: alert.escalation_level,
        rule_name: alert.rule_name,
        ...(alert.labels ? { labels: alert.labels } : {}),
        url: alertUrl(appUrl, alert),
      },
      event: { id: event.id, kind: event.kind, at: event.at, actor: event.actor_name, details: event.details },
    },
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
