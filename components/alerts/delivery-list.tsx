import { notConfiguredReason, type ChannelSetup } from '@/lib/delivery/config';
import type { AlertDetail } from '@/lib/validation/alert-responses';
import { CHANNEL_LABEL, DeliveryAttempts, DeliveryError, DeliveryStatusBadge, KIND_LABEL } from './delivery-status';

type Delivery = AlertDetail['deliveries'][number];

/** Outbound deliveries per channel: status, attempts, the last error; a channel this server has not set up says so instead. */
export function DeliveryList({ deliveries, now, channels, forAdmin = false }: { deliveries: Delivery[]; now: number; channels?: ChannelSetup; forAdmin?: boolean }) {
  return (
    <section aria-labelledby="deliveries-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id="deliveries-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Deliveries
      </h2>
      {deliveries.length === 0 ? (
        <p data-testid="deliveries-empty" className="mt-2 text-sm text-slate-500 dark:text-slate-400">
          No outbound deliveries. In-app only.
        </p>
      ) : (
        <ul data-testid="deliveries" className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {deliveries.map((d) => (
            <li key={d.id} className="py-2 text-sm">
              <div className="flex items-center gap-2">
                <span className="font-medium text-slate-800 dark:text-slate-200">{CHANNEL_LABEL[d.channel]}</span>
                <span className="min-w-0 truncate text-slate-500 dark:text-slate-400">
                  {KIND_LABEL[d.kind] ?? d.kind}
                  {d.recipient && ` · to ${d.recipient.name}`}
                </span>
                <DeliveryStatusBadge status={d.status} />
              </div>
              {d.status !== 'skipped' && (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  <DeliveryAttempts attempts={d.attempts} sentAt={d.sent_at} nextAttemptAt={d.next_attempt_at} now={now} />
                </p>
              )}
              {d.status === 'skipped' && channels && !channels[d.channel] ? (
                <p data-testid="not-configured" className="mt-0.5 text-xs break-words text-slate-600 dark:text-slate-400">
                  {notConfiguredReason(d.channel, forAdmin)}
                </p>
              ) : (
                d.last_error && <DeliveryError status={d.status} error={d.last_error} className="mt-0.5" />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
