'use client';

import { useSyncExternalStore, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const CRITICAL_ID = 'critical-toasts';
const NOTICE_ID = 'action-notices';

/**
 * Where toasts and action notices are drawn: fixed to the viewport, outside the sticky header
 * (whose backdrop blur would make it their containing block). On phones both stack at the bottom,
 * above the home indicator, clear of the bell and the navigation; from sm up critical toasts sit
 * top-right under the header and notices bottom-left.
 */
export function ToastViewport() {
  return (
    <div
      data-testid="toast-viewport"
      className="pointer-events-none fixed inset-0 z-50 flex flex-col justify-end gap-2 pt-[max(0.75rem,env(safe-area-inset-top))] pr-[max(0.75rem,env(safe-area-inset-right))] pb-[max(1rem,env(safe-area-inset-bottom))] pl-[max(0.75rem,env(safe-area-inset-left))] sm:block sm:p-0"
    >
      <div
        id={CRITICAL_ID}
        aria-live="assertive"
        className="flex flex-col items-stretch gap-2 sm:absolute sm:top-[4.25rem] sm:right-[max(1.5rem,env(safe-area-inset-right))] sm:w-96"
      />
      <div
        id={NOTICE_ID}
        aria-live="polite"
        className="flex justify-center sm:absolute sm:bottom-[max(1rem,env(safe-area-inset-bottom))] sm:left-[max(1.5rem,env(safe-area-inset-left))] sm:justify-start"
      />
    </div>
  );
}

const noop = () => () => {};

function usePortalTarget(id: string): HTMLElement | null {
  // the viewport is server-rendered with the layout: after hydration its element is there to portal into
  return useSyncExternalStore(
    noop,
    () => document.getElementById(id),
    () => null,
  );
}

/** Renders its children into the critical-toast stack of the ToastViewport. */
export function CriticalToastPortal({ children }: { children: ReactNode }) {
  const target = usePortalTarget(CRITICAL_ID);
  return target ? createPortal(children, target) : null;
}

/** Renders its children into the action-notice slot of the ToastViewport. */
export function NoticePortal({ children }: { children: ReactNode }) {
  const target = usePortalTarget(NOTICE_ID);
  return target ? createPortal(children, target) : null;
}
