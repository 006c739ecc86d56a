'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { AlertActions } from '@/components/alerts/alert-actions';
import { AlertSummary } from '@/components/alerts/alert-summary';
import { AlertTimeline } from '@/components/alerts/alert-timeline';
import { ComplaintPanel } from '@/components/alerts/complaint-panel';
import { SignalPanel } from '@/components/alerts/signal-panel';
import { DeliveryList } from '@/components/alerts/delivery-list';
import { SilenceSimilar } from '@/components/alerts/silence-similar';
import { ArrowLeftIcon } from '@/components/notifications/icons';
import { ErrorState } from '@/components/notifications/list-states';
import type { ChannelSetup } from '@/lib/delivery/config';
import { AlertsRequestError } from '@/lib/hooks/alerts-api';
import { useAlertCommand, usePendingCommands, type AlertCommand } from '@/lib/hooks/use-alert-mutations';
import { useAlertDetail } from '@/lib/hooks/use-alerts';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import AlertNotFound from './not-found';

/** One alert: what it is, the complaint behind it, what happened to it, where it was sent, and what to do. */
export function AlertDetailClient({ id, viewerId, canManage = false, channels }: { id: number; viewerId: number; canManage?: boolean; channels?: ChannelSetup }) {
  const now = useNow();
  const hydrated = useHydrated();
  const detail = useAlertDetail(id);
  const [failure, setFailure] = useState<string | null>(null);
  const { mutate } = useAlertCommand({ onFailure: setFailure, onDone: () => setFailure(null) });
  const pending = usePendingCommands();
  const alert = detail.data;

  // opening the alert reads it, once per visit
  const readFor = useRef<number | null>(null);
  useEffect(() => {
    if (!alert || readFor.current === alert.id) return;
    readFor.current = alert.id;
    if (alert.in_inbox && !alert.is_read) mutate({ alerts: [alert], command: { kind: 'read' } });
  }, [alert, mutate]);

  if (!alert) {
    if (detail.error instanceof AlertsRequestError && detail.error.status === 404) return <AlertNotFound />;
    if (detail.isError) return <ErrorState message={detail.error.message} onRetry={() => detail.refetch()} retrying={detail.isFetching} />;
    return <div aria-hidden className="h-64 animate-pulse rounded-lg bg-slate-200/60 dark:bg-slate-800/60" />;
  }

  const run = (command: AlertCommand) => {
    setFailure(null);
    mutate({ alerts: [alert], command });
  };
  const complaint = alert.resource?.complaint ?? null;
  const conflict = failure?.startsWith('Already');

  return (
    <div data-hydrated={hydrated}>
      <Link
        href="/notifications"
        className="-ml-2 mb-3 inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <ArrowLeftIcon />
        Notifications
      </Link>
      {/* one column on phones with the complaint right under the alert; two columns from lg */}
      <div className="flex flex-col gap-4 lg:grid lg:grid-cols-[minmax(0,1fr)_18rem] lg:items-start">
        <div className="contents lg:block lg:space-y-4">
          <AlertSummary alert={alert} now={now}>
            <AlertActions alert={alert} pending={pending.get(alert.id) ?? null} onCommand={run} />
            {canManage && (
              <div className="mt-2">
                <SilenceSimilar alert={alert} />
              </div>
            )}
            {failure && (
              <p
                role="alert"
                data-testid="action-error"
                className={`mt-3 rounded-md px-3 py-2 text-sm ${
                  conflict ? 'bg-amber-50 text-amber-900 dark:bg-amber-400/10 dark:text-amber-200' : 'bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-200'
                }`}
              >
                {failure}
              </p>
            )}
          </AlertSummary>
          <div className="order-3">
            <AlertTimeline events={alert.timeline} truncated={alert.timeline_truncated} now={now} />
          </div>
        </div>
        <div className="contents lg:block lg:space-y-4">
          {(complaint || alert.resource) && (
            <div className="order-2">
              {complaint ? (
                <ComplaintPanel alertId={alert.id} complaint={complaint} viewerId={viewerId} now={now} />
              ) : alert.labels ? (
                <SignalPanel alert={alert} />
              ) : (
                <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-xs dark:border-slate-800 dark:bg-slate-900">
                  <h2 className="font-semibold text-slate-900 dark:text-slate-100">Resource</h2>
                  <p className="mt-1 break-words text-slate-700 dark:text-slate-300">
                    {alert.resource!.type}
                    {alert.resource!.id ? ` ${alert.resource!.id}` : ''}
                  </p>
                </section>
              )}
            </div>
          )}
          <div className="order-4">
            <DeliveryList deliveries={alert.deliveries} now={now} channels={channels} forAdmin={canManage} />
          </div>
        </div>
      </div>
    </div>
  );
}
