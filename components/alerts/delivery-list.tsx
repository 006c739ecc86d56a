import type { AlertDetail } from '@/lib/validation/alert-responses';
import { RelativeTime } from '@/components/notifications/relative-time';

type Delivery = AlertDetail['deliveries'][number];

const CHANNEL: Record<Delivery['channel'], string> = { email: 'Email', slack: 'Slack', webhook: 'Webhook' };
const STATUS: Record<Delivery['status'], string> = {
  pending: 'text-slate-700 ring-slate-400/50 dark:text-slate-300',
  sending: 'text-blue-700 ring-blue-500/40 dark:text-blue-300',
  sent: 'text-emerald-700 ring-emerald-600/30 dark:text-emerald-300',
  failed: 'text-orange-800 ring-orange-500/40 dark:text-orange-300',
  dead: 'text-red-700 ring-red-600/40 dark:text-red-300',
  skipped: 'text-slate-500 ring-slate-300 dark:text-slate-400 dark:ring-slate-700',
};

const KIND: Record<string, string> = { fired: 'fired', refired: 'repeat', escalated: 'escalation', acknowledged: 'acknowledged', resolved: 'resolved' };

/** Outbound deliveries per channel: status, attempts, the last error. */
export function DeliveryList({ deliveries, now }: { deliveries: Delivery[]; now: number }) {
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
                <span className="font-medium text-slate-800 dark:text-slate-200">{CHANNEL[d.channel]}</span>
                <span className="min-w-0 truncate text-slate-500 dark:text-slate-400">
                  {KIND[d.kind] ?? d.kind}
                  {d.recipient && ` · to ${d.recipient.name}`}
                </span>
                <span className={`ml-auto inline-flex h-5 shrink-0 items-center rounded px-1.5 text-[11px] font-medium ring-1 ring-inset ${STATUS[d.status]}`}>
                  {d.status}
                </span>
              </div>
              {d.status !== 'skipped' && (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  {d.sent_at && (
                    <>
                      {' · sent '}
                      <RelativeTime iso={d.sent_at} now={now} />
                    </>
                  )}
                  {d.next_attempt_at && (
                    <>
                      {' · next try '}
                      <RelativeTime iso={d.next_attempt_at} now={now} />
                    </>
                  )}
                </p>
              )}
              {d.last_error && (
                <p className={`mt-0.5 text-xs break-words ${d.status === 'skipped' ? 'text-slate-500 dark:text-slate-400' : 'text-red-700 dark:text-red-300'}`}>{d.last_error}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
