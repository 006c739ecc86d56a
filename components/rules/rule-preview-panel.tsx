'use client';

import { SeverityBadge } from '@/components/notifications/badges';
import type { RulePreviewResult } from '@/lib/validation/alert-responses';

const QUIET = { silenced: 'silenced', throttled: 'over the hourly cap', grouped: 'grouped' } as const;

/** What the rule as edited would do now: counts, the alerts it would raise, what would resolve. */
export function RulePreviewPanel({ preview, loading, error, blocked = null }: { preview: RulePreviewResult | undefined; loading: boolean; error: string | null; blocked?: string | null }) {
  return (
    <section aria-labelledby="preview-heading" data-testid="rule-preview" data-loading={loading} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between gap-2">
        <h2 id="preview-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          If it ran now
        </h2>
        {loading && !blocked && <span className="text-xs text-slate-500 dark:text-slate-400">Checking…</span>}
      </div>
      <div aria-live="polite" className="mt-2 text-sm">
        {blocked ? (
          <p data-testid="preview-blocked" className="text-slate-600 dark:text-slate-400">
            The preview appears once the rule is complete. Still to do: {blocked}
          </p>
        ) : error ? (
          <p className="text-red-700 dark:text-red-400">{error}</p>
        ) : !preview ? (
          <p className="text-slate-500 dark:text-slate-400">The preview appears as you edit.</p>
        ) : preview.note ? (
          <p className="text-slate-600 dark:text-slate-400">{preview.note}</p>
        ) : (
          <>
            <p data-testid="preview-summary" className="text-slate-800 dark:text-slate-200">
              <strong>{preview.counts.created}</strong> new {preview.counts.created === 1 ? 'alert' : 'alerts'} for <strong>{preview.counts.recipients}</strong>{' '}
              {preview.counts.recipients === 1 ? 'person' : 'people'}
              {preview.counts.candidates > preview.counts.created && <>, {preview.counts.candidates - preview.counts.created} already open</>}
              {preview.counts.repeated > 0 && <> ({preview.counts.repeated} notified again)</>}
              {preview.counts.resolved > 0 && <>, {preview.counts.resolved} would resolve</>}
              {preview.counts.silenced + preview.counts.throttled + preview.counts.grouped > 0 && (
                <>, {preview.counts.silenced + preview.counts.throttled + preview.counts.grouped} kept quiet</>
              )}
              .
            </p>
            {preview.alerts.length > 0 && (
              <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
                {preview.alerts.map((a) => (
                  <li key={a.fingerprint} data-testid="preview-alert" className="py-2">
                    <div className="flex items-start gap-2">
                      <SeverityBadge severity={a.severity} />
                      <span className="min-w-0 font-medium break-words text-slate-900 dark:text-slate-100">{a.title}</span>
                    </div>
                    <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                      {a.quiet
                        ? `Recorded, nobody told (${QUIET[a.quiet]})`
                        : `To ${a.recipients.map((r) => r.name).join(', ') || 'nobody'}${a.recipient_count > a.recipients.length ? ` and ${a.recipient_count - a.recipients.length} more` : ''}`}
                      {Object.entries(a.deliveries).map(([channel, n]) => ` · ${channel} ×${n}`)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            {preview.resolves.length > 0 && (
              <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Would resolve: {preview.resolves.map((r) => r.title).join('; ')}</p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
