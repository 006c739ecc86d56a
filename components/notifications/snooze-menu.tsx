'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SnoozeBody } from '@/lib/validation/alerts';
import { ClockIcon, SpinnerIcon } from './icons';

export const SNOOZE_OPTIONS: { id: string; label: string; body: SnoozeBody }[] = [
  { id: '15', label: '15 minutes', body: { minutes: 15 } },
  { id: '60', label: '1 hour', body: { minutes: 60 } },
  { id: '240', label: '4 hours', body: { minutes: 240 } },
  { id: 'until-resolved', label: 'Until resolved', body: { until_resolved: true } },
];
export const DEFAULT_SNOOZE: SnoozeBody = { minutes: 60 };

type Props = {
  onSnooze: (body: SnoozeBody) => void;
  /** an alert already resolved cannot wait for its resolution */
  resolved: boolean;
  tabIndex?: number;
  /** the trigger's look; the row uses an icon button, the detail page a labelled one */
  triggerClassName: string;
  label?: string;
  /** hides the label on narrow screens (it stays for screen readers) */
  labelClassName?: string;
  testId?: string;
  /** a change to this alert is on its way: the trigger shows it and takes no clicks */
  pending?: boolean;
};

/** The snooze button and its small menu (15 min / 1 h / 4 h / until resolved); arrow keys move, Escape closes. */
export function SnoozeMenu({ onSnooze, resolved, tabIndex, triggerClassName, label, labelClassName, testId = 'snooze-button', pending = false }: Props) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    wrapper.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(wrapper.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    else if (e.key === 'Home' || e.key === 'End') items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={trigger}
        type="button"
        data-testid={testId}
        aria-label={label ? undefined : 'Snooze'}
        aria-disabled={pending || undefined}
        title="Snooze (s: 1 hour)"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        tabIndex={tabIndex}
        onClick={() => !pending && setOpen((o) => !o)}
        className={triggerClassName}
      >
        {pending ? <SpinnerIcon /> : <ClockIcon />}
        {label && <span className={labelClassName}>{label}</span>}
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Snooze for"
          onKeyDown={onMenuKey}
          className="absolute top-full right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {SNOOZE_OPTIONS.map((o) => (
            <button
              key={o.id}
              type="button"
              role="menuitem"
              data-testid={`snooze-option-${o.id}`}
              disabled={o.body.until_resolved && resolved}
              onClick={() => {
                close(true);
                onSnooze(o.body);
              }}
              className="flex w-full items-center px-3 py-2 text-left text-slate-700 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none disabled:opacity-40 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
            >
              {o.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
