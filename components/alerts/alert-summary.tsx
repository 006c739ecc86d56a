import type { ReactNode } from 'react';
import { alertTypeLabel } from '@/components/notifications/alert-types';
import { OccurrencesBadge, SeverityBadge, SnoozedChip, StatusChip } from '@/components/notifications/badges';
import { RelativeTime } from '@/components/notifications/relative-time';
import { SEVERITY_STYLE } from '@/components/notifications/severity';
import type { AlertDetail } from '@/lib/validation/alert-responses';

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`min-w-0 ${wide ? 'col-span-2' : ''}`}>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-sm text-slate-800 dark:text-slate-200">{children}</dd>
    </div>
  );
}

/** Severity, status, title, message and the lifecycle facts of one alert. */
export function AlertSummary({ alert, now, children }: { alert: AlertDetail; now: number; children?: ReactNode }) {
  return (
    <section
      data-testid="alert-summary"
      data-status={alert.status}
      data-read={String(alert.is_read)}
      className={`rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900 ${SEVERITY_STYLE[alert.severity].bar}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={alert.severity} />
        <span data-testid="alert-status">
          <StatusChip status={alert.status} />
        </span>
        <OccurrencesBadge occurrences={alert.occurrences} />
        <SnoozedChip until={alert.snoozed_until} untilResolved={alert.snoozed_until_resolved} now={now} />
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {alertTypeLabel(alert.alert_type)}
          {alert.rule_name ? ` · rule ${alert.rule_name}` : ''}
        </span>
      </div>
      <h1 data-testid="alert-title" className="mt-2 text-lg leading-snug font-semibold break-words text-slate-900 dark:text-slate-50">
        {alert.title}
      </h1>
      {alert.message && <p className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-700 dark:text-slate-300">{alert.message}</p>}

      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4">
        <Fact label="First fired">
          <RelativeTime iso={alert.first_fired_at} now={now} />
        </Fact>
        <Fact label="Last fired">
          <RelativeTime iso={alert.last_fired_at} now={now} />
        </Fact>
        <Fact label="Occurrences">
          <span className="tabular-nums">{alert.occurrences}</span>
        </Fact>
        <Fact label="Escalation">{alert.escalation_level > 0 ? `Level ${alert.escalation_level}` : 'Not escalated'}</Fact>
        {alert.acknowledged_at && (
          <Fact label="Acknowledged" wide>
            {alert.acknowledged_by?.name ?? 'Someone'} · <RelativeTime iso={alert.acknowledged_at} now={now} />
          </Fact>
        )}
        {alert.resolved_at && (
          <Fact label="Resolved" wide>
            {alert.resolved_by?.name ?? 'Automatically'} · <RelativeTime iso={alert.resolved_at} now={now} />
          </Fact>
        )}
      </dl>
      {children && <div className="mt-4 border-t border-slate-100 pt-4 dark:border-slate-800">{children}</div>}
    </section>
  );
}
