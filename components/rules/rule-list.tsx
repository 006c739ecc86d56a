'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SeverityBadge } from '@/components/notifications/badges';
import type { Severity } from '@/db/schema';
import { Switch } from '@/components/ui/switch';
import { RelativeTime } from '@/components/notifications/relative-time';
import { AlertsRequestError, saveRule } from '@/lib/hooks/alerts-api';
import { useNow } from '@/lib/hooks/use-now';
import type { RuleWithStats } from '@/lib/validation/alert-responses';
import { suggestFor } from '@/lib/alerts/noise';
import type { AlertConfig } from '@/lib/validation/rules';
import { toShape } from './rule-shape';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const duration = (s: number | null) => (s === null ? '–' : s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round((s / 3600) * 10) / 10} h`);

/** The rules at a glance: how each is doing (open, last fired, last 24 h); enable or disable one in place; the name opens the editor. */
export function RuleList({ rules: initial, checkLabels }: { rules: RuleWithStats[]; checkLabels: Record<string, string> }) {
  const now = useNow();
  const [rules, setRules] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (rule: RuleWithStats, on: boolean) => {
    setError(null);
    setRules((rs) => rs.map((r) => (r.id === rule.id ? { ...r, is_enabled: on } : r)));
    try {
      const saved = await saveRule({ ...toShape(rule), is_enabled: on, id: rule.id, version: rule.version });
      setRules((rs) => rs.map((r) => (r.id === saved.id ? { ...saved, stats: r.stats } : r)));
    } catch (err) {
      setRules((rs) => rs.map((r) => (r.id === rule.id ? rule : r)));
      // a rule saved before a check tightened names the field to fix, in words
      const field = err instanceof AlertsRequestError ? err.problem.errors?.[0]?.message : undefined;
      setError(`${rule.rule_name} was not changed: ${field ?? (err as Error).message} Open the rule to fix it.`);
    }
  };

  if (rules.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No rules yet. Create the first one.</p>;
  }
  return (
    <>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
      <ul data-testid="rule-list" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {rules.map((r) => {
          const severity = (r.alert_config as { severity?: string }).severity ?? 'info';
          const channels = ((r.alert_config as { channels?: string[] }).channels ?? ['in_app']).filter((c) => c !== 'in_app');
          return (
            <li key={r.id} data-testid="rule-row" data-rule={r.rule_name} className="flex items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/admin/rules/${r.id}`} id={`rule-${r.id}`} className="truncate font-medium text-slate-900 hover:underline dark:text-slate-100">
                    {r.rule_name}
                  </Link>
                  <SeverityBadge severity={severity as Severity} />
                </div>
                <p className="truncate text-xs text-slate-500 dark:text-slate-400">
                  {checkLabels[r.check] ?? r.check}
                  {channels.length > 0 && ` · ${channels.join(', ')}`}
                  {r.description && ` · ${r.description}`}
                </p>
                <p data-testid="rule-stats" className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600 dark:text-slate-400">
                  <span data-testid="rule-open" className={r.stats.open > 0 ? 'font-medium text-slate-900 dark:text-slate-100' : ''}>
                    {r.stats.open} open
                  </span>
                  <span data-testid="rule-fired-24h">{r.stats.fired_24h} in the last 24 h</span>
                  <span data-testid="rule-last-fired">
                    {r.stats.last_fired_at ? (
                      <>
                        last fired <RelativeTime iso={r.stats.last_fired_at} now={now} />
                      </>
                    ) : (
                      'never fired'
                    )}
                  </span>
                </p>
                {r.stats.noise.alerts_30d > 0 && (
                  <p data-testid="rule-noise" className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500 dark:text-slate-400">
                    <span>30 days: {r.stats.noise.alerts_30d} alerts</span>
                    <span>{pct(r.stats.noise.acknowledged_share)} acknowledged</span>
                    <span>{pct(r.stats.noise.unattended_share)} cleared with nobody acting</span>
                    <span>{pct(r.stats.noise.ignored_share)} dismissed or snoozed unread</span>
                    <span>median time to acknowledge {duration(r.stats.noise.median_action_s)}</span>
                  </p>
                )}
                {(() => {
                  const suggestion = suggestFor(r.stats.noise, r.stats.fired_24h, r.alert_config as AlertConfig);
                  return (
                    suggestion && (
                      <p data-testid="rule-suggestion" className="mt-1 text-xs text-amber-800 dark:text-amber-300">
                        Noisy: {suggestion.why}.{' '}
                        <Link href={`/admin/rules/${r.id}?suggest=${suggestion.kind}`} className="font-medium underline underline-offset-2">
                          Try {suggestion.change}
                        </Link>
                      </p>
                    )
                  );
                })()}
              </div>
              <Switch on={r.is_enabled} labelledBy={`rule-${r.id}`} testId="rule-enabled" onChange={(on) => void toggle(r, on)} />
            </li>
          );
        })}
      </ul>
    </>
  );
}
