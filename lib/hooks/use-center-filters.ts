'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { centerSearch, parseCenterFilters, type CenterFilters } from './center-filters';

/**
 * The center's filters, read from and written to the URL. Writes go through the History API,
 * which Next.js folds into its router: useSearchParams updates, no server round trip, and
 * Back/Forward step through tabs and filters. Typing in the search box replaces instead of pushing.
 */
export function useCenterFilters() {
  const params = useSearchParams();
  const pathname = usePathname();
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the string is the identity of the params
  const filters = useMemo(() => parseCenterFilters(params), [key]);

  const setFilters = useCallback(
    (change: Partial<CenterFilters>, opts: { replace?: boolean } = {}) => {
      const next = { ...parseCenterFilters(new URLSearchParams(window.location.search)), ...change };
      const url = `${pathname}${centerSearch(next)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (opts.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    },
    [pathname],
  );

  return { filters, setFilters };
}
