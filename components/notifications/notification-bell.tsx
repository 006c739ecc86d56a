'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import type { UnreadCount } from '@/lib/alerts/inbox';
import { BELL_PARAMS } from '@/lib/hooks/alerts-api';
import { useAlertList, useUnreadCount } from '@/lib/hooks/use-alerts';
import { useMarkAllRead } from '@/lib/hooks/use-alert-mutations';
import { BellPopoverList } from './bell-popover-list';
import { DesktopNotificationsToggle } from './desktop-notifications-toggle';
import { BellIcon } from './icons';
import { SEVERITY_STYLE, worstSeverity } from './severity';

/**
 * The header bell: how many unread alerts are still open, coloured by the worst severity among them
 * (a red ring while any is critical; no badge at zero), and the latest five on click.
 */
export function NotificationBell({ initialCount }: { initialCount: UnreadCount }) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const { data: counts = initialCount } = useUnreadCount(initialCount);
  const latest = useAlertList(BELL_PARAMS, { enabled: open });
  const markAllRead = useMarkAllRead();

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const count = counts.unread_count;
  const worst = worstSeverity(counts.by_severity);
  const criticals = counts.by_severity.critical;
  const label =
    count === 0 ? 'Notifications: nothing unread' : `Notifications: ${count} unread${criticals ? `, ${criticals} critical` : ''}`;

  return (
    <div ref={wrapper} className="sm:relative">
      <button
        ref={button}
        type="button"
        data-testid="notification-bell"
        data-critical={criticals > 0}
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        className={`relative inline-flex size-10 items-center justify-center rounded-md hover:bg-slate-100 dark:hover:bg-slate-800 ${
          criticals > 0
            ? 'text-red-700 ring-2 ring-red-600/70 ring-inset dark:text-red-300 dark:ring-red-400/70'
            : 'text-slate-700 dark:text-slate-200'
        }`}
      >
        <BellIcon className="size-5" />
        {/* only what needs someone: no badge at all when nothing unread is still open */}
        {worst && (
          <span
            data-testid="unread-count"
            data-severity={worst}
            className={`absolute top-0.5 right-0 inline-flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full px-1 text-[11px] leading-none font-bold tabular-nums ring-2 ring-white dark:ring-slate-900 ${SEVERITY_STYLE[worst].solid}`}
          >
            {count}
          </span>
        )}
      </button>

      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label="Latest notifications"
          className="fixed inset-x-2 top-12 z-40 mt-1 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:w-96 dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5 dark:border-slate-700">
            <h2 className="text-sm font-semibold">
              Notifications <span className="ml-1 text-xs font-normal text-slate-500 tabular-nums dark:text-slate-400">{count} unread</span>
            </h2>
            <button
              type="button"
              data-testid="mark-all-read"
              onClick={() => markAllRead.mutate()}
              disabled={count === 0 || markAllRead.isPending}
              className="-mr-2 rounded-md px-2 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50 disabled:text-slate-400 disabled:hover:bg-transparent dark:text-blue-300 dark:hover:bg-blue-500/10 dark:disabled:text-slate-500"
            >
              Mark all read
            </button>
          </div>
          {markAllRead.isError && (
            <p role="alert" className="bg-red-50 px-4 py-2 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-200">
              Couldn’t mark all read: {markAllRead.error.message}
            </p>
          )}
          <BellPopoverList query={latest} onNavigate={() => setOpen(false)} />
          <DesktopNotificationsToggle />
          <Link
            href="/notifications"
            onClick={() => setOpen(false)}
            className="block border-t border-slate-200 px-4 py-2.5 text-center text-sm font-medium text-blue-700 hover:bg-slate-50 dark:border-slate-700 dark:text-blue-300 dark:hover:bg-slate-800"
          >
            Open notification center
          </Link>
        </div>
      )}
    </div>
  );
}
