'use client';

import { useEffect, useRef, type KeyboardEvent } from 'react';
import { CENTER_TABS, type CenterTab } from '@/lib/hooks/center-filters';

export const TAB_LABEL: Record<CenterTab, string> = {
  unread: 'Unread',
  all: 'All',
  snoozed: 'Snoozed',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
};

type Props = { tab: CenterTab; unreadCount: number; panelId: string; onChange: (tab: CenterTab) => void };

/** Unread · All · Snoozed · Acknowledged · Resolved · Dismissed; arrow keys move between them, as in any tab list. */
export function CenterTabs({ tab, unreadCount, panelId, onChange }: Props) {
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // on a narrow screen the tabs scroll sideways: keep the chosen one in sight
    list.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = CENTER_TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? CENTER_TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = CENTER_TABS[(to + CENTER_TABS.length) % CENTER_TABS.length]!;
    onChange(next);
    list.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  return (
    <div
      ref={list}
      role="tablist"
      aria-label="Notifications"
      onKeyDown={onKey}
      className="-mx-3 flex overflow-x-auto border-b border-slate-200 px-1 [scrollbar-width:none] sm:mx-0 sm:gap-1 sm:px-0 dark:border-slate-800"
    >
      {CENTER_TABS.map((t) => {
        const selected = t === tab;
        return (
          <button
            key={t}
            type="button"
            role="tab"
            data-tab={t}
            data-testid={`tab-${t}`}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(t)}
            className={`-mb-px inline-flex h-10 shrink-0 items-center gap-1.5 border-b-2 px-2 text-[13px] font-medium sm:px-2.5 sm:text-sm whitespace-nowrap outline-offset-[-2px] ${
              selected
                ? 'border-blue-600 text-slate-900 dark:border-blue-400 dark:text-slate-50'
                : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100'
            }`}
          >
            {TAB_LABEL[t]}
            {t === 'unread' && (
              <span
                className={`inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-[11px] font-semibold tabular-nums ${
                  unreadCount > 0 ? 'bg-blue-600 text-white dark:bg-blue-500' : 'bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300'
                }`}
              >
                {unreadCount}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
