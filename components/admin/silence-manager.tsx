'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { SEVERITIES } from '@/db/schema';
import { AlertsRequestError, createSilenceRequest, expireSilenceRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { CreateSilenceInput, Silence } from '@/lib/validation/admin';
import { fieldClass } from '@/components/ui/field';

const input = `w-full ${fieldClass}`;
const DURATIONS = [
  [60, '1 hour'],
  [240, '4 hours'],
  [1440, '1 day'],
  [10_080, '1 week'],
] as const;
const STATE = {
  active: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/15 dark:text-amber-300',
  scheduled: 'bg-blue-50 text-blue-700 ring-blue-600/25 dark:bg-blue-500/15 dark:text-blue-300',
  expired: 'bg-slate-50 text-slate-600 ring-slate-400/30 dark:bg-slate-800 dark:text-slate-400',
} as const;

type Matchers = CreateSilenceInput['matchers'];

/** New silence (what, how long, why) and the list: active and scheduled first, with "end now". */
export function SilenceManager({ silences }: { silences: Silence[] }) {
  const router = useRouter();
  const now = useNow();
  const hydrated = useHydrated();
  const [matchers, setMatchers] = useState<Record<string, string>>({});
  const [minutes, setMinutes] = useState<number>(60);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const given = Object.fromEntries(Object.entries(matchers).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, k === 'rule_id' ? Number(v) : v.trim()])) as Matchers;
    try {
      await createSilenceRequest({ matchers: given, duration_minutes: minutes, comment });
      setMatchers({});
      setComment('');
      router.refresh();
    } catch (err) {
      const fields = err instanceof AlertsRequestError ? (err.problem.errors ?? []).map((f) => `${f.path}: ${f.message}`) : [];
      setError(fields.length ? fields.join('; ') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const end = async (id: number) => {
    try {
      await expireSilenceRequest(id);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const field = (key: string, label: string, placeholder: string) => (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium text-slate-800 dark:text-slate-200">{label}</span>
      <input data-testid={`silence-${key}`} className={input} placeholder={placeholder} value={matchers[key] ?? ''} onChange={(e) => setMatchers((m) => ({ ...m, [key]: e.target.value }))} />
    </label>
  );

  return (
    <div className="space-y-4" data-hydrated={hydrated}>
      <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">New silence</h2>
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">Every field you fill must match; leave the others empty.</p>
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          {field('alert_type', 'Alert type', 'sla_breach')}
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">Severity</span>
            <select data-testid="silence-severity" className={input} value={matchers.severity ?? ''} onChange={(e) => setMatchers((m) => ({ ...m, severity: e.target.value }))}>
              <option value="">Any</option>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          {field('rule_id', 'Rule id', '3')}
          {field('resource_type', 'Resource type', 'complaint')}
          {field('resource_id', 'Resource id', 'C-1042')}
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">For</span>
            <select data-testid="silence-duration" className={input} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {DURATIONS.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm sm:col-span-3">
            <span className="font-medium text-slate-800 dark:text-slate-200">Why</span>
            <input data-testid="silence-comment" className={input} required placeholder="Planned maintenance of the payment gateway" value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="create-silence" disabled={busy} className="inline-flex h-9 items-center rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900">
            {busy ? 'Silencing…' : 'Silence'}
          </button>
          <p role="status" aria-live="polite" data-testid="silence-error" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        </div>
      </form>

      {silences.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No silences in the last week.</p>
      ) : (
        <ul data-testid="silence-list" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {silences.map((s) => (
            <li key={s.id} data-testid="silence-row" data-state={s.state} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className={`inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold uppercase ring-1 ring-inset ${STATE[s.state]}`}>{s.state}</span>
                  {Object.entries(s.matchers).map(([k, v]) => (
                    <code key={k} className="rounded bg-slate-100 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {k}={String(v)}
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
