'use client';

import { useEffect, useRef } from 'react';

type Props = { hasNextPage: boolean; loading: boolean; failed: boolean; shown: number; onLoadMore: () => void };

/**
 * Below the feed: an invisible sentinel that loads the next page as it scrolls into view, and a
 * "Load more" button for when that does not happen (no IntersectionObserver, keyboard users).
 * Always the same height, so the list does not jump as pages arrive.
 */
export function FeedFooter({ hasNextPage, loading, failed, shown, onLoadMore }: Props) {
  const sentinel = useRef<HTMLDivElement>(null);
  const load = useRef(onLoadMore);
  useEffect(() => {
    load.current = onLoadMore;
  }, [onLoadMore]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || loading || failed || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load.current(), { rootMargin: '400px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, loading, failed]);

  return (
    <div className="relative flex h-14 items-center justify-center text-sm">
      <div ref={sentinel} aria-hidden className="absolute inset-x-0 top-0 h-px" />
      {hasNextPage ? (
        <button
          type="button"
          data-testid="load-more"
          onClick={onLoadMore}
          disabled={loading}
          className="inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-4 font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          {loading ? 'Loading…' : failed ? 'Couldn’t load more — try again' : 'Load more'}
        </button>
      ) : (
        shown > 0 && <p className="text-slate-500 dark:text-slate-400">That’s everything{shown > 10 ? ` · ${shown} notifications` : ''}</p>
      )}
    </div>
  );
}
