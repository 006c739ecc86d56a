'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TeamFiltersBar } from '@/components/team/team-filters';
import { TeamGroupRow } from '@/components/team/team-group-row';
import { TeamEmpty, TeamError, TeamSkeleton } from '@/components/team/team-states';
import { AlertsRequestError } from '@/lib/hooks/alerts-api';
import { hasTeamFilters, parseTeamFilters, teamSearch, type TeamFilters } from '@/lib/hooks/team-view';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import { groupKey, useAssignablePeople, useOpenAlertGroups } from '@/lib/hooks/use-team-view';

export type TeamScope = 'all' | 'team' | 'own';

type Props = {
  viewer: { id: number; name: string };
  people: { id: number; name: string }[];
  scope: TeamScope;
};

const HEADING: Record<TeamScope, { title: string; blurb: string }> = {
  all: { title: 'Open alerts', blurb: 'Everything firing or acknowledged, one row per affected resource, worst first.' },
  team: { title: 'Your team’s open alerts', blurb: 'Yours and your people’s, one row per affected resource, worst first.' },
  own: { title: 'Your open alerts', blurb: 'What was sent to you and is still open, one row per affected resource, worst first.' },
};

/** Keys typed into a field or a select are theirs, not shortcuts. */
const ownedByControl = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement);

/** The team view: open alerts grouped per resource, filters in the URL, live through the inbox stream, j/k or arrows between rows. */
export function TeamViewClient({ viewer, people, scope }: Props) {
  const now = useNow(15_000);
  const hydrated = useHydrated();
  const params = useSearchParams();
  const pathname = usePathname();
  const search = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the string is the identity of the params
  const filters = useMemo(() => parseTeamFilters(params), [search]);
  // History API writes are folded into Next's router: useSearchParams updates without a server round trip
  const setFilters = useCallback(
    (next: TeamFilters) => {
      const url = `${pathname}${teamSearch(next)}`;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, '', url);
    },
    [pathname],
  );

  const query = useOpenAlertGroups(filters);
  // leads hand complaints to their people; staff only take them (a plain "Assign to me")
  const assignees = useAssignablePeople(scope !== 'own');
  const groups = useMemo(() => {
    const seen = new Set<string>();
    return (query.data?.pages ?? []).flatMap((p) => p.groups).filter((g) => !seen.has(groupKey(g)) && seen.add(groupKey(g)));
  }, [query.data]);
  const alertCount = groups.reduce((n, g) => n + g.alerts.length, 0);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  // roving focus: one row in the tab order; j/k (and the arrows inside the list) move it
  const listRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<string | null>(null);
  const keys = groups.map(groupKey);
  const tabStop = active !== null && keys.includes(active) ? active : (keys[0] ?? null);
  const latest = useRef({ keys, tabStop });
  useEffect(() => {
    latest.current = { keys, tabStop };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownedByControl(e.target)) return;
      const inList = listRef.current?.contains(document.activeElement) ?? false;
      const down = e.key === 'j' || (inList && e.key === 'ArrowDown');
      const up = e.key === 'k' || (inList && e.key === 'ArrowUp');
      if (!down && !up) return;
      const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-testid="team-group"]') ?? [])];
      if (!rows.length) return;
      e.preventDefault();
      const current = rows.findIndex((r) => r.contains(document.activeElement));
      const from = current >= 0 ? current : Math.max(0, latest.current.keys.indexOf(latest.current.tabStop ?? ''));
      const to = current < 0 ? from : Math.max(0, Math.min(rows.length - 1, from + (down ? 1 : -1)));
      rows[to]!.focus({ preventScroll: true });
      rows[to]!.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const sessionOver = query.error instanceof AlertsRequestError && query.error.status === 401;
  const heading = HEADING[scope];

  return (
    <section aria-labelledby="team-heading" data-testid="team-view" data-hydrated={hydrated}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <div className="min-w-0">
          <h1 id="team-heading" className="text-lg font-semibold text-slate-900 dark:text-slate-50">
            {heading.title}
          </h1>
          <p className="text-sm text-slate-500 dark:text-slate-400">{heading.blurb}</p>
        </div>
        <p data-testid="team-count" className="text-sm text-slate-500 tabular-nums dark:text-slate-400" aria-live="polite">
          {query.data ? `${groups.length}${query.hasNextPage ? '+' : ''} ${groups.length === 1 ? 'resource' : 'resources'} · ${alertCount} ${alertCount === 1 ? 'alert' : 'alerts'}` : '\u00a0'}
        </p>
      </div>

      <TeamFiltersBar filters={filters} onChange={setFilters} people={people} viewerId={viewer.id} />

      <div className="mt-3 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        {query.isPending ? (
          <TeamSkeleton rows={4} />
        ) : query.isError && (!query.data || query.isPlaceholderData) ? (
          <TeamError
            message={sessionOver ? 'Your session has ended. Reload the page to sign in again.' : query.error.message}
            onRetry={() => query.refetch()}
            retrying={query.isFetching}
          />
        ) : groups.length === 0 ? (
          <TeamEmpty filtered={hasTeamFilters(filters)} onClear={() => setFilters({ severity: null, alert_type: null, owner: null, unowned: false })} />
        ) : (
          <div
            ref={listRef}
            role="feed"
            aria-label="Open alerts by resource"
            aria-busy={query.isFetching}
            className={query.isPlaceholderData ? 'opacity-60 transition-opacity' : ''}
          >
            {groups.map((g) => {
              const key = groupKey(g);
              return (
                <TeamGroupRow
                  key={key}
                  group={g}
                  now={now}
                  viewer={viewer}
                  assignees={scope === 'own' ? null : (assignees.data ?? null)}
                  expanded={expanded.has(key)}
                  onToggle={() => toggle(key)}
                  tabStop={key === tabStop}
                  onFocusRow={() => setActive(key)}
                />
              );
            })}
          </div>
        )}
      </div>

      <div className="mt-3 flex min-h-9 items-center justify-between gap-3 text-sm text-slate-500 dark:text-slate-400">
        <span className="hidden sm:inline">
          <kbd className="rounded border border-slate-300 px-1 font-mono text-xs dark:border-slate-600">j</kbd>/
          <kbd className="rounded border border-slate-300 px-1 font-mono text-xs dark:border-slate-600">k</kbd> move between rows ·{' '}
          <kbd className="rounded border border-slate-300 px-1 font-mono text-xs dark:border-slate-600">Enter</kbd> shows the alerts
        </span>
        {query.hasNextPage && (
          <button
            type="button"
            data-testid="team-load-more"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="ml-auto inline-flex h-9 items-center rounded-md px-3 font-medium text-blue-700 ring-1 ring-blue-600/30 ring-inset hover:bg-blue-50 disabled:opacity-60 dark:text-blue-300 dark:ring-blue-400/40"
          >
            {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        )}
      </div>
    </section>
  );
}
