'use client';

import { alertTypeLabel } from '@/components/notifications/alert-types';
import { Switch } from '@/components/ui/switch';
import { useSubscriptions } from '@/lib/hooks/use-settings';
import { SaveStatus } from './save-status';

/** Per alert type: in the inbox at all, and by email too. */
export function AlertTypeSettings() {
  const { query, save } = useSubscriptions();
  const subs = query.data?.subscriptions.toSorted((a, b) => alertTypeLabel(a.alert_type).localeCompare(alertTypeLabel(b.alert_type)));
  if (!subs) return null;

  return (
    <section aria-labelledby="types-heading" className="rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <div className="p-4 pb-2">
        <h2 id="types-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Alert types
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">Turn a type off and its alerts no longer reach you at all.</p>
      </div>
      {subs.length === 0 ? (
        <p className="px-4 pb-4 text-sm text-slate-500 dark:text-slate-400">No alert rules are enabled yet.</p>
      ) : (
        <ul data-testid="alert-type-settings" className="divide-y divide-slate-100 dark:divide-slate-800">
          <li aria-hidden className="hidden items-center gap-3 px-4 py-1.5 text-xs font-medium text-slate-500 sm:flex dark:text-slate-400">
            <span className="flex-1" />
            <span className="w-16 text-center">Inbox</span>
            <span className="w-16 text-center">Email</span>
          </li>
          {subs.map((s) => {
            const id = `type-${s.alert_type.replace(/[^a-z0-9]/gi, '-')}`;
            const emails = s.delivery_channels.includes('email');
            return (
              <li key={s.alert_type} data-testid="alert-type" data-type={s.alert_type} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5 sm:gap-x-3">
                <span id={id} className="min-w-0 flex-1 text-sm font-medium text-slate-800 dark:text-slate-200">
                  {alertTypeLabel(s.alert_type)}
                </span>
                <TypeSwitch id={id} channel="inbox" on={s.is_enabled} onChange={(on) => save.mutate({ ...s, is_enabled: on })} />
                <TypeSwitch
                  id={id}
                  channel="email"
                  on={s.is_enabled && emails}
                  disabled={!s.is_enabled}
                  onChange={(on) => save.mutate({ ...s, delivery_channels: on ? [...s.delivery_channels, 'email'] : s.delivery_channels.filter((c) => c !== 'email') })}
                />
              </li>
            );
          })}
        </ul>
      )}
      <div className="px-4 pb-3">
        <SaveStatus state={save.status} error={save.error} />
      </div>
    </section>
  );
}

/** One column of a type's row: its label shows on phones, where there is no column header. */
function TypeSwitch({ id, channel, on, disabled, onChange }: { id: string; channel: 'inbox' | 'email'; on: boolean; disabled?: boolean; onChange: (on: boolean) => void }) {
  return (
    <span className="flex items-center justify-center gap-1.5 sm:w-16">
      <span id={`${id}-${channel}`} className="text-xs text-slate-500 sm:sr-only dark:text-slate-400">
        {channel === 'inbox' ? 'Inbox' : 'Email'}
      </span>
      <Switch on={on} disabled={disabled} labelledBy={`${id} ${id}-${channel}`} testId={`type-${channel}`} onChange={onChange} />
    </span>
  );
}
