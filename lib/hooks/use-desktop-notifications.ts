'use client';

import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'ops-alerts:desktop-notifications';
const EVENT = 'ops-alerts:desktop-notifications';

export type DesktopNotificationState = 'unsupported' | 'off' | 'on' | 'blocked';

function read(): DesktopNotificationState {
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  let chosen: string | null = null;
  try {
    chosen = window.localStorage.getItem(KEY);
  } catch {
    // storage blocked (private mode): treat as never chosen
  }
  return chosen === 'on' && Notification.permission === 'granted' ? 'on' : 'off';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  // another tab flipped it
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

function store(value: 'on' | 'off') {
  try {
    window.localStorage.setItem(KEY, value);
  } catch {
    // nothing to remember it in
  }
  window.dispatchEvent(new Event(EVENT));
}

/** Whether a browser notification may be shown now: opted in here and allowed by the browser. */
export function desktopNotificationsOn(): boolean {
  return read() === 'on';
}

/** The opt-in for browser notifications of critical alerts: asks the browser the first time, remembered per browser. */
export function useDesktopNotifications() {
  const state = useSyncExternalStore(subscribe, read, () => 'off' as DesktopNotificationState);
  const setEnabled = useCallback(async (enabled: boolean) => {
    if (!enabled) return store('off');
    if (!('Notification' in window)) return;
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    store(permission === 'granted' ? 'on' : 'off');
  }, []);
  return { state, setEnabled };
}
