import type { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@/db/schema';
import { RelativeTime } from '@/components/notifications/relative-time';

type Status = (typeof DELIVERY_STATUSES)[number];

/** How deliveries read, the same on an alert's page and in the admin's list. */
export const CHANNEL_LABEL: Record<(typeof DELIVERY_CHANNELS)[number], string> = { email: 'Email', slack: 'Slack', webhook: 'Webhook' };
export const KIND_LABEL: Record<string, string> = { fired: 'fired', refired: 'repeat', escalated: 'escalation', acknowledged: 'acknowledged', resolved: 'resolved', digest: 'digest' };

const STATUS: Record<Status, string> = {
  pending: 'text-slate-700 ring-slate-400/50 dark:text-slate-300',
  sending: 'text-blue-700 ring-blue-500/40 dark:text-blue-300',
  sent: 'text-emerald-700 ring-emerald-600/30 dark:text-emerald-300',
  failed: 'text-orange-800 ring-orange-500/40 dark:text-orange-300',
  dead: 'text-red-700 ring-red-600/40 dark:text-red-300',
  skipped: 'text-slate-500 ring-slate-300 dark:text-slate-400 dark:ring-slate-700',
};

export function DeliveryStatusBadge({ status }: { status: Status }) {
  return <span className={`ml-auto inline-flex h-5 shrink-0 items-center rounded px-1.5 text-[11px] font-medium ring-1 ring-inset ${STATUS[status]}`}>{status}</span>;
}

/** "2 attempts · sent 3 min ago · next try in 1 min", as far as each applies. */
export function DeliveryAttempts({ attempts, sentAt, nextAttemptAt, now }: { attempts: number; sentAt: string | null; nextAttemptAt: string | null; now: number }) {
  return (
    <>
      {attempts} {attempts === 1 ? 'attempt' : 'attempts'}
      {sentAt && (
        <>
          {' · sent '}
          <RelativeTime iso={sentAt} now={now} />
        </>
      )}
      {nextAttemptAt && (
        <>
          {' · next try '}
          <RelativeTime iso={nextAttemptAt} now={now} />
        </>
      )}
    </>
  );
}

/** The last error: red when something went wrong, grey when the channel is simply not configured (skipped). */
export function DeliveryError({ status, error, className = '' }: { status: Status; error: string; className?: string }) {
  return <p className={`text-xs break-words ${status === 'skipped' ? 'text-slate-500 dark:text-slate-400' : 'text-red-700 dark:text-red-300'} ${className}`}>{error}</p>;
}
