'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SeverityBadge } from '@/components/notifications/badges';
import type { Severity } from '@/db/schema';
import { Switch } from '@/components/ui/switch';
import { saveRule } from '@/lib/hooks/alerts-api';
import type { RuleJson } from '@/lib/validation/alert-responses';
import { toShape } from './rule-shape';

/** The rules at a glance: enable or disable one in place; the name opens the editor. */
export function RuleList({ rules: initial, checkLabels }: { rules: RuleJson[]; checkLabels: Record<string, string> }) {
  const [rules, setRules] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (rule: RuleJson, on: boolean) => {
    setError(null);
    setRules((rs) => rs.map((r) => (r.id === rule.id ? { ...r, is_enabled: on } : r)));
    try {
      const saved = await saveRule({ ...toShape(rule), is_enabled: on, id: rule.id, version: rule.version });
      setRules((rs) => rs.map((r) => (r.id === saved.id ? saved : r)));
    } catch (err) {
      setRules((rs) => rs.map((r) => (r.id === rule.id ? rule : r)));
      setError(`${rule.rule_name} was not changed: ${(err as Error).message}`);
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
              </div>
              <Switch on={r.is_enabled} labelledBy={`rule-${r.id}`} testId="rule-enabled" onChange={(on) => void toggle(r, on)} />
            </li>
          );
        })}
      </ul>
    </>
  );
}
