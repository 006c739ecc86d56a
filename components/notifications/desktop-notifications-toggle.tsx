'use client';

import { useState } from 'react';
import { Switch } from '@/components/ui/switch';
import { useDesktopNotifications } from '@/lib/hooks/use-desktop-notifications';

const HINT = {
  unsupported: 'This browser cannot show notifications',
  blocked: 'Blocked in the browser’s site settings',
  off: 'Critical alerts while this tab is in the background',
  on: 'Critical alerts while this tab is in the background',
} as const;

/** Opt-in switch for browser notifications of critical alerts; the browser asks for permission the first time. */
export function DesktopNotificationsToggle() {
  const { state, setEnabled } = useDesktopNotifications();
  const [asking, setAsking] = useState(false);
  const on = state === 'on';
  const disabled = state === 'unsupported' || state === 'blocked' || asking;

  return (
    <div className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-2.5 dark:border-slate-700">
      <div className="min-w-0">
        <p id="desktop-notifications-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Desktop notifications
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">{HINT[state]}</p>
      </div>
      <Switch
        on={on}
        labelledBy="desktop-notifications-label"
        disabled={disabled}
        testId="desktop-notifications-toggle"
        onChange={async (next) => {
          setAsking(true);
          try {
            await setEnabled(next);
          } finally {
            setAsking(false);
          }
        }}
      />
    </div>
  );
}
