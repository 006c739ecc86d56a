import type { AlertDetail } from '@/lib/validation/alert-responses';
import { RelativeTime } from '@/components/notifications/relative-time';

type Event = AlertDetail['timeline'][number];

const REASON: Record<string, string> = {
  manual: 'by hand',
  condition_cleared: 'the condition cleared',
  resolved_event: 'a resolving event arrived',
  expired: 'it expired',
};

const DOT: Record<string, string> = {
  fired: 'bg-red-500',
  refired: 'bg-orange-400',
  escalated: 'bg-red-700',
  acknowledged: 'bg-slate-500',
  resolved: 'bg-emerald-500',
};

function describe(e: Event): string {
  const by = e.actor ? ` by ${e.actor.name}` : '';
  const d = e.details;
  switch (e.kind) {
    case 'fired':
      return d.after_silence ? `Still firing when its silence ended: ${typeof d.recipients === 'number' ? `${d.recipients} ` : ''}notified now` : 'Fired';
    case 'refired':
      return d.kept_quiet === 'throttled' ? 'Fired again, over the hourly cap: nobody was notified' : d.kept_quiet === 'held' ? 'Fired again while silenced: nobody was notified' : 'Fired again';
    case 'grouped':
      return d.after_silence ? 'Still firing when its silence ended: grouped with similar alerts' : 'Fired, grouped with similar alerts';
    case 'silenced':
      return d.after_silence ? 'Its silence ended, another one holds it: nobody was notified' : 'Fired while silenced: nobody was notified';
    case 'throttled':
      return 'Fired over the hourly cap: nobody was notified';
    case 'escalated':
      return `Escalated to level ${String(d.level ?? '?')}${typeof d.recipients === 'number' ? `, ${d.recipients} more notified` : ''}`;
    case 'acknowledged':
      return `Acknowledged${by}${d.bulk ? ' (bulk)' : ''}`;
    case 'resolved': {
      const reason = typeof d.reason === 'string' && d.reason !== 'manual' ? ` — ${REASON[d.reason] ?? d.reason}` : '';
      return `Resolved${by}${reason}`;
    }
    default:
      return `${e.kind.charAt(0).toUpperCase()}${e.kind.slice(1).replace(/_/g, ' ')}${by}`;
  }
}

/** What happened to the alert, oldest first, with who did it and when. */
export function AlertTimeline({ events, truncated, now }: { events: Event[]; truncated: boolean; now: number }) {
  return (
    <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id="timeline-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Timeline
      </h2>
      {truncated && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Showing the latest {events.length} events.</p>}
      {events.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No events recorded.</p>
      ) : (
        <ol data-testid="timeline" className="mt-3 space-y-3 border-l border-slate-200 pl-4 dark:border-slate-700">
          {events.map((e) => (
            <li key={e.id} data-testid="timeline-event" data-kind={e.kind} className="relative">
              <span aria-hidden className={`absolute top-1.5 -left-[1.3rem] size-2.5 rounded-full ring-2 ring-white dark:ring-slate-900 ${DOT[e.kind] ?? 'bg-slate-400'}`} />
              <p className="text-sm text-slate-800 dark:text-slate-200">{describe(e)}</p>
              {typeof e.details.note === 'string' && (
                <p className="mt-0.5 rounded bg-slate-50 px-2 py-1 text-sm whitespace-pre-wrap text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                  {e.details.note}
                </p>
              )}
              <RelativeTime iso={e.created_at} now={now} className="text-xs text-slate-500 dark:text-slate-400" />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
