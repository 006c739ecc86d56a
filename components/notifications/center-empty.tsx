import { hasNarrowingFilters, type CenterFilters, type CenterTab } from '@/lib/hooks/center-filters';
import { EmptyState } from './list-states';

const EMPTY: Record<CenterTab, [title: string, hint: string]> = {
  unread: ['You’re all caught up', 'Nothing unread. New alerts for you will show up here.'],
  all: ['No notifications', 'Alerts sent to you will show up here.'],
  snoozed: ['Nothing snoozed', 'Alerts you snooze wait here, out of the unread count, until their time comes.'],
  acknowledged: ['Nothing acknowledged', 'Alerts someone is working on show up here.'],
  resolved: ['Nothing resolved yet', 'Resolved alerts stay here until they are cleaned up.'],
  dismissed: ['Nothing dismissed', 'Alerts you dismiss land here; you can restore them.'],
};

/** What an empty tab says — and, when filters hid everything, a way out. */
export function CenterEmpty({ filters, onClear }: { filters: CenterFilters; onClear: () => void }) {
  if (hasNarrowingFilters(filters)) {
    return (
      <EmptyState
        icon="none"
        title="No matches"
        action={
          <button
            type="button"
            data-testid="clear-filters"
            onClick={onClear}
            className="inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            Clear filters
          </button>
        }
      >
        {filters.q ? `Nothing here matches “${filters.q}”.` : 'Nothing here matches these filters.'}
      </EmptyState>
    );
  }
  const [title, hint] = EMPTY[filters.tab];
  return (
    <EmptyState icon={filters.tab === 'unread' ? 'done' : 'none'} title={title}>
      {hint}
    </EmptyState>
  );
}
