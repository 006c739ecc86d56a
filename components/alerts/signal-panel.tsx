'use client';

import type { AlertDetail } from '@/lib/validation/alert-responses';

const SOURCE: Record<string, string> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager', grafana: 'Grafana' };
const GENERATOR: Record<string, string> = { prometheus: 'Open in Prometheus', alertmanager: 'Open in Prometheus', grafana: 'Open in Grafana' };

/** Only http(s) links are rendered as links: a label value or URL from outside is never a `javascript:` href. */
const safeHref = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

/**
 * Where an alert from Prometheus, Alertmanager or Grafana came from: its labels (the identity, and
 * what rules route on), its annotations, and a link back to the expression or rule that fired.
 */
export function SignalPanel({ alert }: { alert: AlertDetail }) {
  if (!alert.labels) return null;
  const generator = safeHref(alert.generator_url);
  const labels = Object.entries(alert.labels).sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)));
  const annotations = Object.entries(alert.annotations ?? {}).filter(([k]) => k !== 'summary');
  const attrs = (alert.metadata.attributes ?? {}) as Record<string, unknown>;
  const links = [
    generator && { href: generator, label: GENERATOR[alert.source ?? ''] ?? 'Open the source' },
    safeHref(attrs.dashboard_url as string) && { href: attrs.dashboard_url as string, label: 'Dashboard' },
    safeHref(attrs.panel_url as string) && { href: attrs.panel_url as string, label: 'Panel' },
  ].filter((l): l is { href: string; label: string } => !!l);
  return (
    <section
      aria-labelledby="signal-heading"
      data-testid="signal-panel"
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="signal-heading" className="font-semibold text-slate-900 dark:text-slate-100">
        From {SOURCE[alert.source ?? ''] ?? 'Prometheus'}
      </h2>
      <ul aria-label="Labels" data-testid="signal-labels" className="mt-2 flex flex-wrap gap-1.5">
        {labels.map(([k, v]) => (
          <li
            key={k}
            className="max-w-full truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
            title={`${k}="${v}"`}
          >
            <span className="text-slate-500 dark:text-slate-400">{k}=</span>
            {v}
          </li>
        ))}
      </ul>
      {annotations.length > 0 && (
        <dl data-testid="signal-annotations" className="mt-3 space-y-1.5">
          {annotations.map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">{k}</dt>
              <dd className="break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200">
                {safeHref(v) ? (
                  <a href={v} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                    {v}
                  </a>
                ) : (
                  v
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {links.length > 0 && (
        <p className="mt-3 flex flex-wrap gap-3">
          {links.map((l) => (
            <a
              key={l.label}
              href={l.href}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="signal-link"
              className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
            >
              {l.label} ↗
            </a>
          ))}
        </p>
      )}
    </section>
  );
}
