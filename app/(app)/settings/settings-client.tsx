'use client';

import Link from 'next/link';
import { AccountSettings } from '@/components/settings/account-settings';
import { AlertTypeSettings } from '@/components/settings/alert-type-settings';
import { ChannelWarning } from '@/components/settings/channel-warning';
import type { ChannelSetup } from '@/lib/delivery/config';
import { DeliveryTest } from '@/components/settings/delivery-test';
import { EmailSettings } from '@/components/settings/email-settings';
import { DesktopNotificationsToggle } from '@/components/notifications/desktop-notifications-toggle';
import { useHydrated } from '@/lib/hooks/use-hydrated';

/** Settings: how email reaches this person, which alert types reach them, this browser, and their own account. */
export function SettingsClient({ email, name, admin, channels }: { email: string; name: string; admin: boolean; channels: ChannelSetup }) {
  const hydrated = useHydrated();
  return (
    <div className="space-y-4" data-hydrated={hydrated}>
      <div>
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Notification settings</h1>
          <Link href="/settings/tokens" data-testid="tokens-link" className="text-sm font-medium text-blue-700 hover:underline dark:text-blue-400">
            API tokens →
          </Link>
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every alert you receive is in your inbox. Choose what also reaches you by email, and when.
        </p>
      </div>
      <ChannelWarning channels={channels} admin={admin} />
      <EmailSettings email={email} />
      <AlertTypeSettings />
      {admin && <DeliveryTest />}
      <AccountSettings email={email} name={name} />
      <section aria-labelledby="browser-heading" className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <h2 id="browser-heading" className="px-4 pt-4 pb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">
          This browser
        </h2>
        <DesktopNotificationsToggle />
      </section>
    </div>
  );
}
