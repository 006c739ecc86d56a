'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { SEVERITIES } from '@/db/schema';
import type { CenterFilters } from '@/lib/hooks/center-filters';
import { useAlertTypes } from '@/lib/hooks/use-alerts';
import { alertTypeLabel } from './alert-types';
import { SearchIcon, XIcon } from './icons';
import { SEVERITY_STYLE } from './severity';

type Props = {
  filters: CenterFilters;
  onChange: (change: Partial<CenterFilters>, opts?: { replace?: boolean }) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

const SEARCH_DEBOUNCE_MS = 300;
const field =
  'h-9 rounded-md border border-slate-300 bg-white text-sm text-slate-900 shadow-xs dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

/** Search (debounced, replaces the URL entry while typing), severity and alert type. */
export function CenterFiltersBar({ filters, onChange, searchRef }: Props) {
  const types = useAlertTypes();
  const [draft, setDraft] = useState(filters.q ?? '');
  const [seenQ, setSeenQ] = useState(filters.q);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Back/Forward changed q under us: show it (adjusting state while rendering, as React advises)
  if (filters.q !== seenQ) {
    setSeenQ(filters.q);
    if ((filters.q ?? '') !== draft.trim()) setDraft(filters.q ?? '');
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (value: string) => {
    clearTimeout(timer.current);
    onChange({ q: value.trim() || null }, { replace: true });
  };
  const typeOptions = [...new Set([...(types.data ?? []), ...(filters.type ? [filters.type] : [])])].sort();

  return (
    <div className="flex flex-wrap gap-2">
      <div className="relative min-w-0 basis-full sm:flex-1 sm:basis-auto">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <input
          ref={searchRef}
          type="search"
          data-testid="search-input"
          aria-label="Search notifications"
          placeholder="Search title or message  ( / )"
          value={draft}
          maxLength={200}
          onChange={(e) => {
            setDraft(e.target.value);
            clearTimeout(timer.current);
            const value = e.target.value;
            timer.current = setTimeout(() => commit(value), SEARCH_DEBOUNCE_MS);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(draft);
            if (e.key === 'Escape') {
              e.preventDefault();
              if (draft) {
                setDraft('');
                commit('');
              } else e.currentTarget.blur();
            }
          }}
          className={`${field} w-full pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden`}
        />
        {draft && (
          <button
            type="button"
            aria-label="Clear search"
            onClick={() => {
              setDraft('');
              commit('');
              searchRef.current?.focus();
            }}
            className="absolute top-1/2 right-1 inline-flex size-7 -translate-y-1/2 items-center justify-center rounded text-slate-400 hover:text-slate-700 dark:hover:text-slate-200"
          >
            <XIcon className="size-3.5" />
          </button>
        )}
      </div>
      <select
        data-testid="severity-filter"
        aria-label="Severity"
        value={filters.severity ?? ''}
        onChange={(e) => onChange({ severity: (e.target.value || null) as CenterFilters['severity'] })}
        className={`${field} min-w-0 flex-1 px-2 sm:flex-none`}
      >
        <option value="">All severities</option>
        {[...SEVERITIES].reverse().map((s) => (
          <option key={s} value={s}>
            {SEVERITY_STYLE[s].label}
          </option>
        ))}
      </select>
      <select
        data-testid="type-filter"
        aria-label="Alert type"
        value={filters.type ?? ''}
        onChange={(e) => onChange({ type: e.target.value || null })}
        className={`${field} min-w-0 flex-1 px-2 sm:max-w-52 sm:flex-none`}
      >
        <option value="">All types</option>
        {typeOptions.map((t) => (
          <option key={t} value={t}>
            {alertTypeLabel(t)}
          </option>
        ))}
      </select>
    </div>
  );
}
