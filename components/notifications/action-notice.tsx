'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { NoticePortal } from './toast-viewport';

export type Notice = { tone: 'info' | 'error'; text: string; undo?: () => void };

const SHOW_MS = { info: 6000, error: 10_000 };

/** One short message at a time about the last action ("3 dismissed · Undo", "Already acknowledged by …"). */
export function useNotice() {
  const [notice, setNotice] = useState<(Notice & { key: number }) | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const hide = useCallback(() => {
    clearTimeout(timer.current);
    setNotice(null);
  }, []);
  const show = useCallback((n: Notice) => {
    clearTimeout(timer.current);
    setNotice({ ...n, key: Date.now() });
    timer.current = setTimeout(() => setNotice(null), SHOW_MS[n.tone]);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { notice, show, hide };
}

/** In the layout's ToastViewport: bottom-left on wide screens (critical toasts use the top right), at the bottom on phones. */
export function ActionNotice({ notice, onClose }: { notice: (Notice & { key: number }) | null; onClose: () => void }) {
  return (
    <NoticePortal>
      {notice && (
        <div
          key={notice.key}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="action-notice"
          data-tone={notice.tone}
          className={`pointer-events-auto flex max-w-md items-center gap-3 rounded-lg px-4 py-2.5 text-sm shadow-lg ${
            notice.tone === 'error'
              ? 'bg-red-700 text-white dark:bg-red-600'
              : 'bg-slate-900 text-slate-50 dark:bg-slate-100 dark:text-slate-900'
          }`}
        >
          <span className="min-w-0">{notice.text}</span>
          {notice.undo && (
            <button
              type="button"
              data-testid="notice-undo"
              onClick={() => {
                notice.undo?.();
                onClose();
              }}
              className="shrink-0 font-semibold underline underline-offset-2"
            >
              Undo
            </button>
          )}
          <button type="button" onClick={onClose} aria-label="Close" className="shrink-0 opacity-70 hover:opacity-100">
            ×
          </button>
        </div>
      )}
    </NoticePortal>
  );
}
