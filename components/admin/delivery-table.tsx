'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CHANNEL_LABEL, DeliveryAttempts, DeliveryError, DeliveryStatusBadge, KIND_LABEL } from '@/components/alerts/delivery-status';
import { RelativeTime } from '@/components/notifications/relative-time';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@/db/schema';
import { fetchDeliveryPage, retryDeliveryRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import { notConfiguredReason, type ChannelSetup } from '@/lib/delivery/config';
import type { DeliveriesQuery, DeliveryPage } from '@/lib/validation/admin';
import { fieldClass } from '@/components/ui/field';

const select = fieldClass;

/** The outbox across all alerts: filter by status and channel (in the URL), page on, retry what failed. */
type Filters = { status: DeliveriesQuery['status'] | null; channel: DeliveriesQuery['channel'] | null };

export function DeliveryTable({ initial, status, channel, channels }: { initial: DeliveryPage; channels: ChannelSetup } & Filters) {
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
        {(
          [
            ['status', 'Status', DELIVERY_STATUSES, status],
            ['channel', 'Channel', DELIVERY_CHANNELS, channel],
          ] as const
        ).map(([key, label, options, value]) => (
          <label key={key} className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            {label}
            <select data-testid={`filter-${key}`} className={select} value={value ?? ''} onChange={(e) => filter(key, e.target.value)}>
              <option value="">All</option>
              {options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
        ))}
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
                <span className="font-medium text-slate-800 dark:text-slate-200">{CHANNEL_LABEL[d.channel]}</span>
                <span className="min-w-0 truncate text-slate-500 dark:text-slate-400">{d.target || 'default channel'}</span>
                <DeliveryStatusBadge status={d.status} />
              </div>
              <p className="mt-0.5 truncate text-xs text-slate-500 dark:text-slate-400">
                {KIND_LABEL[d.kind] ?? d.kind} ·{' '}
                {d.alert ? (
                  <Link href={`/alerts/${d.alert.id}`} className="hover:underline">
                    {d.alert.title}
                  </Link>
                ) : d.digest ? (
                  <span data-testid="delivery-digest">
                    {d.digest.frequency === 'daily' ? 'Daily' : 'Hourly'} digest of {d.digest.alerts} {d.digest.alerts === 1 ? 'alert' : 'alerts'}
                    {d.recipient ? ` for ${d.recipient.name}` : ''}
                  </span>
                ) : null}
                {' · '}
                <RelativeTime iso={d.created_at} now={now} /> · <DeliveryAttempts attempts={d.attempts} sentAt={null} nextAttemptAt={d.next_attempt_at} now={now} />
              </p>
              {d.status === 'skipped' && !channels[d.channel] ? (
                // skipped for want of the channel: a retry would be skipped again, so say what would help instead
                <p data-testid="not-configured" className="mt-0.5 text-xs break-words text-slate-600 dark:text-slate-400">
                  {notConfiguredReason(d.channel)}
                </p>
              ) : d.last_error && (
                <div className="mt-0.5 flex items-start gap-2">
                  <DeliveryError status={d.status} error={d.last_error} className="min-w-0 flex-1" />
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
