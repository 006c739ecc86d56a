/** What a digest email says: a pure function of what it lists (lib/delivery/digest-queue.ts) and where links lead. */
import { escapeHtml, SEVERITY_COLOR } from './render';

export type DigestItem = { id: number; title: string; severity: 'info' | 'warning' | 'error' | 'critical' };
/** The snapshot a digest delivery carries (deliveries.payload): every group's full count, its first alerts. */
export type DigestContent = {
  frequency: 'hourly' | 'daily';
  period_start: string;
  total: number;
  groups: { alert_type: string; count: number; alerts: DigestItem[] }[];
};
export type DigestLinks = { appUrl: string; unsubscribeUrl: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The notification center on the unread tab, narrowed to one alert type. */
export const unreadOfTypeUrl = (appUrl: string, alertType: string) => `${appUrl}/notifications?tab=unread&type=${encodeURIComponent(alertType)}`;

export function digestEmail(content: DigestContent, links: DigestLinks) {
  const { appUrl, unsubscribeUrl } = links;
  const when = content.frequency === 'daily' ? 'daily' : 'hourly';
  const subject = `Your ${when} digest: ${plural(content.total, 'unread alert')}`;
  const lead = `${plural(content.total, 'alert')} waiting for you, unread and still open, by type.`;

  const text = [
    lead,
    '',
    ...content.groups.flatMap((g) => [
      `${g.alert_type} (${g.count})`,
      ...g.alerts.map((a) => `  - [${a.severity}] ${a.title}\n    ${appUrl}/alerts/${a.id}`),
      ...(g.count > g.alerts.length ? [`  … and ${g.count - g.alerts.length} more: ${unreadOfTypeUrl(appUrl, g.alert_type)}`] : []),
      '',
    ]),
    `All unread: ${appUrl}/notifications?tab=unread`,
    '',
    `You get this ${when} digest instead of single emails for alerts that are not critical (critical alerts still come at once).`,
    `Change it in your notification settings: ${appUrl}/settings`,
    `Turn the digest off: ${unsubscribeUrl}`,
  ].join('\n');

  const groupsHtml = content.groups
    .map(
      (g) => `<h2 style="margin:20px 0 6px;font-size:14px">${escapeHtml(g.alert_type)} <span style="color:#64748b;font-weight:400">(${g.count})</span></h2>
<ul style="margin:0;padding:0 0 0 18px;font-size:14px;line-height:1.5">${g.alerts
        .map(
          (a) =>
            `<li><span style="color:${SEVERITY_COLOR[a.severity]};font-weight:600;font-size:12px;text-transform:uppercase">${a.severity}</span> <a href="${escapeHtml(`${appUrl}/alerts/${a.id}`)}" style="color:#0f172a">${escapeHtml(a.title)}</a></li>`,
        )
        .join('')}${
        g.count > g.alerts.length
          ? `<li style="list-style:none;margin-left:-18px"><a href="${escapeHtml(unreadOfTypeUrl(appUrl, g.alert_type))}" style="color:#64748b">and ${g.count - g.alerts.length} more</a></li>`
          : ''
      }</ul>`,
    )
    .join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a;margin:0;padding:24px;background:#f8fafc">
<table role="presentation" width="100%" style="max-width:560px;margin:auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;border-top:4px solid #0f172a">
<tr><td style="padding:20px 24px">
<h1 style="margin:0 0 4px;font-size:18px;line-height:1.3">${escapeHtml(subject)}</h1>
<p style="margin:0;font-size:14px;color:#475569">${escapeHtml(lead)}</p>
${groupsHtml}
<p style="margin:20px 0 0"><a href="${escapeHtml(`${appUrl}/notifications?tab=unread`)}" style="display:inline-block;background:#0f172a;color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px;font-size:14px">Open your unread alerts</a></p>
</td></tr></table>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#64748b">You get this ${when} digest instead of single emails for alerts that are not critical. Change it in your <a href="${escapeHtml(`${appUrl}/settings`)}" style="color:#64748b">notification settings</a>, or <a href="${escapeHtml(unsubscribeUrl)}" style="color:#64748b">turn the digest off</a>.</p>
</body></html>`;
  return { subject, text, html };
}
