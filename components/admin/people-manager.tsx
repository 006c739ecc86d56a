'use client';

import { useEffect, useState } from 'react';
import { fieldClass } from '@/components/ui/field';
import { ROLES } from '@/db/schema';
import { DEFAULT_PEOPLE_FILTERS, type PeopleFilters } from '@/lib/hooks/people-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import { useManagerOptions, usePeople } from '@/lib/hooks/use-people';
import { AddPersonForm } from './add-person-form';
import { PageHeader } from './page-header';
import { ROLE_LABEL } from './person-fields';
import { PersonRow } from './person-row';
import { primaryButtonClass } from '@/components/ui/button';

/** The admin's people page: find people, add one (and hand over their invite link), change role, manager and access. */
export function PeopleManager({ viewerId }: { viewerId: number }) {
  const hydrated = useHydrated();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<PeopleFilters>(DEFAULT_PEOPLE_FILTERS);
  // the search asks the server once typing pauses
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 250);
    return () => clearTimeout(t);
  }, [search]);
  const people = usePeople(filters);
  const managers = useManagerOptions();
  const rows = people.data?.pages.flatMap((p) => p.users) ?? [];
  const filtered = filters.q !== '' || filters.role !== '' || filters.active !== '';

  return (
    <div className="space-y-3" data-hydrated={hydrated}>
      <PageHeader
        title="People"
        action={
          !adding && (
            <button
              type="button"
              data-testid="add-person"
              onClick={() => setAdding(true)}
              className={primaryButtonClass}
            >
              Add person
            </button>
          )
        }
      >
        Who can sign in, their role and whom they report to. New people get a one-time invite link.
      </PageHeader>
      {adding && <AddPersonForm onClose={() => setAdding(false)} />}

      <div role="search" className="grid grid-cols-2 gap-2 sm:flex sm:items-end">
        <label className="col-span-2 flex min-w-0 flex-1 flex-col gap-1 text-sm">
          <span className="sr-only">Search by name or email</span>
          <input
            type="search"
            data-testid="people-search"
            placeholder="Search by name or email"
            className={`w-full ${fieldClass}`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label className="text-sm">
          <span className="sr-only">Role</span>
          <select data-testid="people-role" className={`w-full ${fieldClass}`} value={filters.role} onChange={(e) => setFilters((f) => ({ ...f, role: e.target.value as PeopleFilters['role'] }))}>
            <option value="">Every role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">Access</span>
          <select data-testid="people-active" className={`w-full ${fieldClass}`} value={filters.active} onChange={(e) => setFilters((f) => ({ ...f, active: e.target.value as PeopleFilters['active'] }))}>
            <option value="">Everyone</option>
            <option value="true">Active</option>
            <option value="false">Deactivated</option>
          </select>
        </label>
      </div>

      {people.isError ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300">
          Could not load people: {people.error.message}.{' '}
          <button type="button" onClick={() => void people.refetch()} className="font-medium underline">
            Try again
          </button>
        </p>
      ) : people.isPending ? (
        <p className="rounded-lg border border-slate-200 p-6 text-center text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">Loading people…</p>
      ) : rows.length === 0 ? (
        <p data-testid="people-empty" className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {filtered ? 'Nobody matches these filters.' : 'Nobody here yet: add the first person.'}
        </p>
      ) : (
        <ul
          data-testid="people-list"
          aria-busy={people.isFetching}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
        >
          {rows.map((p) => (
            <PersonRow key={p.id} person={p} managers={managers.data} now={now} self={p.id === viewerId} />
          ))}
        </ul>
      )}
      {people.hasNextPage && (
        <button
          type="button"
          disabled={people.isFetchingNextPage}
          onClick={() => void people.fetchNextPage()}
          className="inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200"
        >
          {people.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
