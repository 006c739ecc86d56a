'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { fetchAuditPage } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { AuditPage } from '@/lib/validation/admin';
import { fieldClass } from '@/components/ui/field';

/** The audit trail: filter by action (in the URL), page on, open an entry's details. */
export function AuditLog({ initial, action }: { initial: AuditPage; action: string | null }) {
  const router = useRouter();
  const now = useNow();
  const hydrated = useHydrated();
  const [entries, setEntries] = useState(initial.entries);
  const [next, setNext] = useState(initial.next_before);
  const [filter, setFilter] = useState(action ?? '');
  const [error, setError] = useState<string | null>(null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    router.push(filter.trim() ? `/admin/audit?action=${encodeURIComponent(filter.trim())}` : '/admin/audit');
  };
  const more = async () => {
    try {
      const page = await fetchAuditPage({ ...(action ? { action } : {}), before: next! });
      setEntries((e) => [...e, ...page.entries]);
      setNext(page.next_before);
    } catch (err) {
      setError(`Could not load more: ${(err as Error).message}`);
    }
  };

  return (
    <div className="space-y-3" data-hydrated={hydrated}>
      <form onSubmit={apply} className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Action
          <input
            data-testid="audit-action"
            className={`w-56 ${fieldClass}`}
            placeholder="alert_rule.updated"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <button type="submit" className="inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-200">
          Filter
        </button>
        <p role="status" aria-live="polite" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      </form>
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">Nothing recorded{action ? ' for this action' : ''}.</p>
      ) : (
        <ul data-testid="audit-rows" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {entries.map((e) => (
            <li key={e.id} data-testid="audit-row" data-action={e.action} className="px-4 py-2.5 text-sm">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-0.5">
                  <code className="rounded bg-slate-100 px-1.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">{e.action}</code>
                  <span className="text-slate-800 dark:text-slate-200">{e.actor.name ?? (e.actor.type === 'system' ? 'System' : 'A deleted user')}</span>
                  {e.actor.type === 'token' && <span className="text-xs text-slate-500 dark:text-slate-400">(API token)</span>}
                  {e.target_type && (
                    <span className="text-xs text-slate-500 dark:text-slate-400">
                      on {e.target_type} {e.target_id}
                    </span>
                  )}
                  <RelativeTime iso={e.at} now={now} className="ml-auto text-xs text-slate-500 dark:text-slate-400" />
                </summary>
                <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs text-slate-700 dark:bg-slate-950 dark:text-slate-300">{JSON.stringify(e.details, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {next !== null && (
        <button type="button" onClick={() => void more()} className="inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-200">
          Load more
        </button>
      )}
    </div>
  );
}
