'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@/db/schema';
import { fetchDeliveryPage, retryDeliveryRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { DeliveriesQuery, DeliveryPage } from '@/lib/validation/admin';

const STATUS = {
  pending: 'text-slate-700 ring-slate-400/50 dark:text-slate-300',
  sending: 'text-blue-700 ring-blue-500/40 dark:text-blue-300',
  sent: 'text-emerald-700 ring-emerald-600/30 dark:text-emerald-300',
  failed: 'text-orange-800 ring-orange-500/40 dark:text-orange-300',
  dead: 'text-red-700 ring-red-600/40 dark:text-red-300',
  skipped: 'text-slate-500 ring-slate-300 dark:text-slate-400 dark:ring-slate-700',
} as const;
const select = 'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';

/** The outbox across all alerts: filter by status and channel (in the URL), page on, retry what failed. */
type Filters = { status: DeliveriesQuery['status'] | null; channel: DeliveriesQuery['channel'] | null };

export function DeliveryTable({ initial, status, channel }: { initial: DeliveryPage } & Filters) {
  const router = useRouter();
  const now = useNow();
  const [rows, setRows] = useState(initial.deliveries);
  const [next, setNext] = useState(initial.next_before);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const hydrated = useHydrated();

  const filter = (key: 'status' | 'channel', value: string) => {
    const qs = new URLSearchParams();
    const merged = { status, channel, [key]: value || null };
    for (const [k, v] of Object.entries(merged)) if (v) qs.set(k, v);
    router.push(`/admin/deliveries${qs.size ? `?${qs}` : ''}`);
  };
  const more = async () => {
    setBusy(true);
    try {
      const page = await fetchDeliveryPage({ ...(status ? { status } : {}), ...(channel ? { channel } : {}), before: next! });
      setRows((r) => [...r, ...page.deliveries]);
      setNext(page.next_before);
    } catch (err) {
      setMessage(`Could not load more: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const retry = async (id: number) => {
    setMessage(null);
    try {
      await retryDeliveryRequest(id);
      setRows((r) => r.map((d) => (d.id === id ? { ...d, status: 'pending', attempts: 0, last_error: d.last_error } : d)));
      setMessage('Queued to send again now.');
    } catch (err) {
      setMessage(`Not retried: ${(err as Error).message}`);
    }
  };

  return (
    <div className="space-y-3" data-hydrated={hydrated}>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Status
          <select data-testid="filter-status" className={select} value={status ?? ''} onChange={(e) => filter('status', e.target.value)}>
            <option value="">All</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Channel
          <select data-testid="filter-channel" className={select} value={channel ?? ''} onChange={(e) => filter('channel', e.target.value)}>
            <option value="">All</option>
            {DELIVERY_CHANNELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700 dark:text-slate-300">
          {message}
        </p>
      </div>
      {rows.length === 0 ? (
        <p data-testid="deliveries-empty" className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No deliveries{status || channel ? ' match these filters' : ' yet'}.
        </p>
      ) : (
        <ul data-testid="delivery-rows" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {rows.map((d) => (
            <li key={d.id} data-testid="delivery-row" data-status={d.status} className="px-4 py-2.5 text-sm">
              <div className="flex items-center gap-2">
                <span className="font-medium text-slate-800 capitalize dark:text-slate-200">{d.channel}</span>
                <span className="min-w-0 truncate text-slate-500 dark:text-slate-400">{d.target || 'default channel'}</span>
                <span className={`ml-auto inline-flex h-5 shrink-0 items-center rounded px-1.5 text-[11px] font-medium ring-1 ring-inset ${STATUS[d.status]}`}>{d.status}</span>
              </div>
              <p className="mt-0.5 truncate text-xs text-slate-500 dark:text-slate-400">
                {d.kind} ·{' '}
                <Link href={`/alerts/${d.alert.id}`} className="hover:underline">
                  {d.alert.title}
                </Link>
                {' · '}
                <RelativeTime iso={d.created_at} now={now} /> · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                {d.next_attempt_at && (
                  <>
                    {' · next try '}
                    <RelativeTime iso={d.next_attempt_at} now={now} />
                  </>
                )}
              </p>
              {d.last_error && (
                <div className="mt-0.5 flex items-start gap-2">
                  <p className={`min-w-0 flex-1 text-xs break-words ${d.status === 'skipped' ? 'text-slate-500 dark:text-slate-400' : 'text-red-700 dark:text-red-300'}`}>{d.last_error}</p>
                  {(d.status === 'failed' || d.status === 'dead' || d.status === 'skipped') && (
                    <button type="button" data-testid="retry-delivery" onClick={() => void retry(d.id)} className="shrink-0 text-xs font-medium text-blue-700 hover:underline dark:text-blue-400">
                      Retry now
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {next !== null && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void more()}
          className="inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200"
        >
          {busy ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
