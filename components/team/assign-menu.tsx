'use client';

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { AssignablePerson } from '@/lib/validation/complaints';

type Person = { id: number; name: string };

type Props = {
  /** the complaint's reference or label, for the menu's accessible name */
  label: string;
  viewer: Person;
  /** whom the viewer may assign to (the viewer among them) */
  people: AssignablePerson[];
  owner: Person | null;
  /** no assignee: to the viewer */
  onAssign: (assignee?: Person) => void;
  pending: boolean;
  disabled: boolean;
  tabIndex: number;
  className: string;
};

const MENU_WIDTH = 240;
const MENU_MAX_HEIGHT = 288;
const GAP = 4;

/**
 * "Assign to…": a menu of Me and the viewer's people, the current owner ticked. Arrow keys, Home/End
 * and a first letter move; Enter picks; Escape closes back to the button. The menu is fixed to the
 * viewport under (or over) the button and follows it, so the list's rounded frame does not clip it and
 * nothing in the page moves.
 */
export function AssignMenu({ label, viewer, people, owner, onAssign, pending, disabled, tabIndex, className }: Props) {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const choices: (Person & { me: boolean; role?: string })[] = [
    { id: viewer.id, name: viewer.name, me: true },
    ...people.filter((p) => p.id !== viewer.id).map((p) => ({ ...p, me: false })),
  ];
  const count = choices.length;

  // below the button when it fits, else above, right edges aligned, inside the viewport
  const placeMenu = useCallback(() => {
    if (!trigger.current) return;
    const r = trigger.current.getBoundingClientRect();
    const below = window.innerHeight - r.bottom - GAP - 8;
    const above = r.top - GAP - 8;
    const wanted = Math.min(MENU_MAX_HEIGHT, count * 40 + 8);
    const down = below >= wanted || below >= above;
    setPlace({
      left: Math.max(8, Math.min(r.right - MENU_WIDTH, window.innerWidth - MENU_WIDTH - 8)),
      width: Math.min(MENU_WIDTH, window.innerWidth - 16),
      maxHeight: Math.max(120, Math.min(MENU_MAX_HEIGHT, down ? below : above)),
      ...(down ? { top: r.bottom + GAP } : { bottom: window.innerHeight - r.top + GAP }),
    });
  }, [count]);

  // placed before paint, so it never shows anywhere else first
  useLayoutEffect(() => {
    if (open) placeMenu();
  }, [open, placeMenu]);

  useEffect(() => {
    if (!open) return;
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
    (items.find((i) => i.getAttribute('aria-checked') !== 'true') ?? items[0])?.focus({ preventScroll: true });
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !trigger.current?.contains(e.target as Node)) setOpen(false);
    };
    // the menu is fixed to the viewport: when the page scrolls or resizes it follows its button
    const onMove = (e: Event) => {
      if (!menu.current?.contains(e.target as Node)) placeMenu();
    };
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open, placeMenu]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  const pick = (choice: (typeof choices)[number]) => {
    close(true);
    if (choice.id !== owner?.id) onAssign(choice.me ? undefined : { id: choice.id, name: choice.name });
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => items[i]?.focus();
    if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') focus((at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    else if (e.key === 'Home' || e.key === 'End') focus(e.key === 'Home' ? 0 : items.length - 1);
    else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // type-ahead: the next person whose name starts with the letter
      const letter = e.key.toLowerCase();
      const order = items.map((_, i) => (at + 1 + i) % items.length);
      const next = order.find((i) => (items[i]?.dataset.name ?? '').toLowerCase().startsWith(letter));
      if (next !== undefined) focus(next);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <>
      <button
        ref={trigger}
        type="button"
        data-testid="group-assign-menu"
        tabIndex={tabIndex}
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            e.stopPropagation();
            setOpen(true);
          }
        }}
        title="Assign the complaint to yourself or one of your people"
        className={className}
      >
        {pending ? 'Assigning…' : 'Assign'}
        <span aria-hidden className="ml-1.5 text-[10px] text-slate-500 dark:text-slate-400">
          ▼
        </span>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={`Assign ${label} to`}
          data-testid="assign-options"
          onKeyDown={onMenuKey}
          style={{ position: 'fixed', ...place }}
          className="z-30 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {choices.map((c) => {
            const current = c.id === owner?.id;
            return (
              <button
                key={c.id}
                type="button"
                role="menuitemradio"
                aria-checked={current}
                tabIndex={-1}
                data-testid="assign-option"
                data-person-id={c.id}
                data-name={c.me ? 'me' : c.name}
                onClick={() => pick(c)}
                className="flex min-h-10 w-full items-center gap-2 px-3 py-1.5 text-left text-slate-700 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none sm:min-h-9 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
              >
                <span aria-hidden className="w-4 shrink-0 text-blue-700 dark:text-blue-300">
                  {current ? '✓' : ''}
                </span>
                <span className="min-w-0 flex-1 truncate">
                  {c.me ? (
                    <>
                      <span className="font-medium">Me</span> <span className="text-slate-500 dark:text-slate-400">({c.name})</span>
                    </>
                  ) : (
                    c.name
                  )}
                </span>
                {!c.me && c.role && c.role !== 'staff' && <span className="shrink-0 text-xs text-slate-500 capitalize dark:text-slate-400">{c.role}</span>}
              </button>
            );
          })}
        </div>
      )}
    </>
  );
}
