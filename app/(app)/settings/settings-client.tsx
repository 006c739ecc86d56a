'use client';

import { AlertTypeSettings } from '@/components/settings/alert-type-settings';
import { ChannelWarning } from '@/components/settings/channel-warning';
import type { ChannelSetup } from '@/lib/delivery/config';
import { DeliveryTest } from '@/components/settings/delivery-test';
import { EmailSettings } from '@/components/settings/email-settings';
import { DesktopNotificationsToggle } from '@/components/notifications/desktop-notifications-toggle';
import { useHydrated } from '@/lib/hooks/use-hydrated';

/** Notification settings: how email reaches this person, which alert types reach them, and this browser. */
export function SettingsClient({ email, admin, channels }: { email: string; admin: boolean; channels: ChannelSetup }) {
  const hydrated = useHydrated();
  return (
    <div className="space-y-4" data-hydrated={hydrated}>
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Notification settings</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every alert you receive is in your inbox. Choose what also reaches you by email, and when.
        </p>
      </div>
      <ChannelWarning channels={channels} admin={admin} />
      <EmailSettings email={email} />
      <AlertTypeSettings />
      {admin && <DeliveryTest />}
      <section aria-labelledby="browser-heading" className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <h2 id="browser-heading" className="px-4 pt-4 pb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">
          This browser
        </h2>
        <DesktopNotificationsToggle />
      </section>
    </div>
  );
}
