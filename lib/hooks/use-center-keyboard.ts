'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { InboxAlert } from '@/lib/alerts/inbox';

export type ShortcutHandlers = {
  open: (alert: InboxAlert) => void;
  toggleSelect: (alert: InboxAlert) => void;
  /** r a s e: the selection when there is one, else the focused row */
  act: (key: 'r' | 'a' | 's' | 'e', target: InboxAlert | null) => void;
  help: () => void;
  search: () => void;
  clearSelection: () => boolean;
  /** j on the last row */
  loadMore: () => void;
};

/** Keys typed into a field, a menu or a dialog are theirs, not shortcuts. */
function ownedByControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('[role="menu"], dialog[open]')) return true;
  return target instanceof HTMLInputElement
    ? !['checkbox', 'radio', 'button'].includes(target.type)
    : target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

const rowOf = (feed: HTMLElement | null, id: number) => feed?.querySelector<HTMLElement>(`[data-testid="notification-item"][data-alert-id="${id}"]`) ?? null;

function focusRow(feed: HTMLElement | null, id: number) {
  const row = rowOf(feed, id);
  if (!row) return;
  row.focus({ preventScroll: true });
  // scroll-margin on the rows keeps them clear of the sticky header and toolbar
  row.scrollIntoView({ block: 'nearest' });
}

/**
 * Roving focus over the feed's rows (one row in the tab order; j/k move it) and the center's
 * single-key shortcuts. When the focused row leaves the list (read in Unread, dismissed) focus
 * moves to the row that took its place, so triage goes on without the mouse.
 */
export function useCenterKeyboard(rows: InboxAlert[], feed: RefObject<HTMLElement | null>, handlers: ShortcutHandlers) {
  const [active, setActive] = useState<{ id: number; index: number } | null>(null);
  const index = active === null ? -1 : rows.findIndex((a) => a.id === active.id);
  // the row in the tab order: the active one, or the one that took the place of a row that left
  const fallback = rows.length ? rows[Math.min(active?.index ?? 0, rows.length - 1)]!.id : null;
  const activeId = index >= 0 ? active!.id : null;
  const tabStop = activeId ?? fallback;

  const latest = useRef({ rows, activeId, fallback, handlers });
  useEffect(() => {
    latest.current = { rows, activeId, fallback, handlers };
  });

  useEffect(() => {
    if (active === null || index >= 0 || fallback === null) return;
    // the active row left the list; if focus went with it, hand it to its successor
    const lost = document.activeElement === document.body || feed.current?.contains(document.activeElement);
    if (lost) focusRow(feed.current, fallback);
  }, [active, index, fallback, feed]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownedByControl(e.target)) return;
      const { rows, activeId, fallback, handlers } = latest.current;
      const at = activeId === null ? -1 : rows.findIndex((a) => a.id === activeId);
      const current = at >= 0 ? rows[at]! : null;
      const start = fallback === null ? 0 : rows.findIndex((a) => a.id === fallback);
      const move = (to: number) => {
        const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
        if (row) focusRow(feed.current, row.id);
      };
      switch (e.key) {
        case 'j':
          if (at >= 0 && at === rows.length - 1) handlers.loadMore();
          move(at < 0 ? start : at + 1);
          break;
        case 'k':
          move(at < 0 ? start : at - 1);
          break;
        case 'Enter':
          // Enter on a button or link inside the row keeps its own meaning
          if (!current || e.target !== rowOf(feed.current, current.id)) return;
          handlers.open(current);
          break;
        case 'o':
          if (!current) return;
          handlers.open(current);
          break;
        case 'x':
          if (!current) return;
          handlers.toggleSelect(current);
          break;
        case 'r':
        case 'a':
        case 's':
        case 'e':
          handlers.act(e.key, current);
          break;
        case '?':
          handlers.help();
          break;
        case '/':
          handlers.search();
          break;
        case 'Escape':
          if (!handlers.clearSelection()) return;
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [feed]);

  const activate = useCallback((alert: InboxAlert) => {
    setActive({ id: alert.id, index: latest.current.rows.findIndex((a) => a.id === alert.id) });
  }, []);

  return { activeId, tabStop, activate };
}
