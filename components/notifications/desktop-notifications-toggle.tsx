'use client';

import { useState } from 'react';
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
      <button
        type="button"
        role="switch"
        data-testid="desktop-notifications-toggle"
        data-state={state}
        aria-checked={on}
        aria-labelledby="desktop-notifications-label"
        disabled={disabled}
        onClick={async () => {
          setAsking(true);
          try {
            await setEnabled(!on);
          } finally {
            setAsking(false);
          }
        }}
        className={`relative inline-flex h-6 w-10 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${
          on ? 'bg-blue-600 dark:bg-blue-500' : 'bg-slate-300 dark:bg-slate-600'
        }`}
      >
        <span aria-hidden className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${on ? 'translate-x-[1.125rem]' : 'translate-x-0.5'}`} />
      </button>
    </div>
  );
}
