'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamAlert } from '@/lib/realtime/stream';
import { desktopNotificationsOn } from '@/lib/hooks/use-desktop-notifications';
import { useInboxStream } from '@/lib/hooks/use-inbox-stream';
import { announceNavigation } from '@/components/shell/navigation-progress';
import { XIcon } from './icons';
import { CriticalToastPortal } from './toast-viewport';

const TOAST_MS = 8000;

/**
 * The live connection: a status dot in the header, a toast for each new critical alert (drawn in
 * the layout's ToastViewport, outside the header), and
 * (when the person opted in from the bell) a browser notification while the tab is in the background.
 */
export function LiveInbox() {
  const router = useRouter();
  const [toasts, setToasts] = useState<StreamAlert[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  // a reconnect that drops mid-push replays the push: each alert raises one toast only
  const toasted = useRef(new Set<number>());

  const dismiss = useCallback((id: number) => {
    setToasts((t) => t.filter((x) => x.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const onAlert = useCallback(
    (alert: StreamAlert) => {
      if (alert.severity !== 'critical' || toasted.current.has(alert.id)) return;
      toasted.current.add(alert.id);
      if (toasted.current.size > 500) toasted.current.delete(toasted.current.values().next().value!);
      setToasts((t) => (t.some((x) => x.id === alert.id) ? t : [...t.slice(-2), alert]));
      timers.current.set(alert.id, setTimeout(() => dismiss(alert.id), TOAST_MS));
      if (document.hidden && desktopNotificationsOn()) {
        const note = new Notification(`Critical: ${alert.title}`, { tag: `alert-${alert.id}` });
        note.onclick = () => {
          window.focus();
          announceNavigation();
          router.push(`/alerts/${alert.id}`);
          note.close();
        };
      }
    },
    [dismiss, router],
  );
  const state = useInboxStream(onAlert);

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach(clearTimeout);
  }, []);

  return (
    <>
      <span
        data-testid="live-status"
        data-state={state}
        title={state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        className="inline-flex size-9 items-center justify-center"
      >
        <span className={`size-2 rounded-full ${state === 'live' ? 'bg-emerald-500' : 'animate-pulse bg-amber-500'}`} aria-hidden />
        <span className="sr-only">{state === 'live' ? 'Live updates on' : 'Reconnecting to live updates'}</span>
      </span>
      <CriticalToastPortal>
        {toasts.map((t) => (
          <div
            key={t.id}
            role="alert"
            data-testid="critical-toast"
            className="pointer-events-auto flex w-full items-start gap-3 rounded-lg border border-red-300 bg-white p-3 shadow-lg ring-1 ring-red-600/10 dark:border-red-900 dark:bg-slate-900"
          >
            <span aria-hidden className="mt-1 size-2.5 shrink-0 rounded-full bg-red-600" />
            <div className="min-w-0 flex-1">
              <p className="text-xs font-semibold uppercase tracking-wide text-red-700 dark:text-red-400">Critical alert</p>
              <Link
                href={`/alerts/${t.id}`}
                onClick={() => dismiss(t.id)}
                className="line-clamp-2 text-sm font-medium break-words text-slate-900 hover:underline dark:text-slate-100"
              >
                {t.title}
              </Link>
            </div>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              aria-label="Close"
              className="-mt-1 -mr-1 inline-flex size-8 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 dark:hover:bg-slate-800"
            >
              <XIcon />
            </button>
          </div>
        ))}
      </CriticalToastPortal>
    </>
  );
}
