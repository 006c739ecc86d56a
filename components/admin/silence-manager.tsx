'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import type { SilenceChoices } from '@/lib/admin/silences';
import { expireSilenceRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { Silence } from '@/lib/validation/admin';
import { SilenceForm, type SilencePrefill } from './silence-form';
const STATE = {
  active: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/15 dark:text-amber-300',
  scheduled: 'bg-blue-50 text-blue-700 ring-blue-600/25 dark:bg-blue-500/15 dark:text-blue-300',
  expired: 'bg-slate-50 text-slate-600 ring-slate-400/30 dark:bg-slate-800 dark:text-slate-400',
} as const;

/** New silence (with the open alerts it would match) and the list: active and scheduled first, with "end now". */
export function SilenceManager({ silences, choices, prefill }: { silences: Silence[]; choices: SilenceChoices; prefill: SilencePrefill }) {
  const router = useRouter();
  const now = useNow();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);

  const end = async (id: number) => {
    try {
      await expireSilenceRequest(id);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="space-y-4" data-hydrated={hydrated}>
      <SilenceForm key={JSON.stringify(prefill)} choices={choices} prefill={prefill} onCreated={() => router.refresh()} />
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {silences.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No silences in the last week.</p>
      ) : (
        <ul data-testid="silence-list" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {silences.map((s) => (
            <li key={s.id} data-testid="silence-row" data-state={s.state} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold uppercase ring-1 ring-inset ${STATE[s.state]}`}>{s.state}</span>
                  {matcherChips(s.matchers).map((chip) => (
                    <code key={chip} className="rounded bg-slate-100 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {chip}
                    </code>
                  ))}
                </div>
                <p className="mt-0.5 break-words text-slate-800 dark:text-slate-200">{s.comment}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {s.created_by?.name ?? 'someone'} · {s.state === 'scheduled' ? 'starts ' : s.state === 'active' ? 'ends ' : 'ended '}
                  <RelativeTime iso={s.state === 'scheduled' ? s.starts_at : s.ends_at} now={now} /> · kept {s.silenced_alerts} {s.silenced_alerts === 1 ? 'alert' : 'alerts'} quiet
                </p>
              </div>
              {s.state !== 'expired' && (
                <button type="button" data-testid="end-silence" onClick={() => void end(s.id)} className="shrink-0 text-sm font-medium text-blue-700 hover:underline dark:text-blue-400">
                  End now
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A silence's matchers as people read them: a complaint by its reference, the rest as key=value. */
function matcherChips(m: Silence['matchers']): string[] {
  const reference = m.complaint_reference;
  return Object.entries(m)
    .filter(([k]) => !(reference !== undefined && (k === 'resource_type' || k === 'resource_id')))
    .map(([k, v]) => (k === 'complaint_reference' ? `complaint ${String(v)}` : `${k}=${String(v)}`));
}
