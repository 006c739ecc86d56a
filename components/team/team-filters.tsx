'use client';

import { SEVERITIES, type Severity } from '@/db/schema';
import { alertTypeLabel } from '@/components/notifications/alert-types';
import { SEVERITY_STYLE } from '@/components/notifications/severity';
import { fieldClass } from '@/components/ui/field';
import { hasTeamFilters, NO_TEAM_FILTERS, type TeamFilters } from '@/lib/hooks/team-view';
import { useAlertTypes } from '@/lib/hooks/use-alerts';

type Props = {
  filters: TeamFilters;
  onChange: (next: TeamFilters) => void;
  people: { id: number; name: string }[];
  viewerId: number;
};

const OWNER_ANY = '';
const OWNER_NONE = 'none';

/** Severity (at least), alert type and owner (a person, or nobody); all of it lives in the URL. */
export function TeamFiltersBar({ filters, onChange, people, viewerId }: Props) {
  const types = useAlertTypes();
  const typeOptions = [...new Set([...(types.data ?? []), ...(filters.alert_type ? [filters.alert_type] : [])])].sort();
  const owner = filters.owner !== null ? String(filters.owner) : filters.unowned ? OWNER_NONE : OWNER_ANY;
  const known = filters.owner === null || people.some((p) => p.id === filters.owner);

  return (
    <div className="flex flex-wrap items-end gap-2" role="group" aria-label="Filters">
      <label className="flex min-w-0 flex-1 basis-36 flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-none dark:text-slate-400">
        Severity
        <select
          data-testid="team-filter-severity"
          value={filters.severity ?? ''}
          onChange={(e) => onChange({ ...filters, severity: (e.target.value || null) as Severity | null })}
          className={`${fieldClass} sm:w-40`}
        >
          <option value="">Any severity</option>
          {[...SEVERITIES].reverse().map((s) => (
            <option key={s} value={s}>
              {s === 'critical' ? 'Critical only' : `${SEVERITY_STYLE[s].label} and worse`}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 flex-1 basis-36 flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-none dark:text-slate-400">
        Type
        <select
          data-testid="team-filter-type"
          value={filters.alert_type ?? ''}
          onChange={(e) => onChange({ ...filters, alert_type: e.target.value || null })}
          className={`${fieldClass} sm:w-52`}
        >
          <option value="">Any type</option>
          {typeOptions.map((t) => (
            <option key={t} value={t}>
              {alertTypeLabel(t)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 flex-1 basis-36 flex-col gap-1 text-xs font-medium text-slate-600 sm:flex-none dark:text-slate-400">
        Owner
        <select
          data-testid="team-filter-owner"
          value={owner}
          onChange={(e) => {
            const v = e.target.value;
            onChange({ ...filters, owner: v && v !== OWNER_NONE ? Number(v) : null, unowned: v === OWNER_NONE });
          }}
          className={`${fieldClass} sm:w-48`}
        >
          <option value={OWNER_ANY}>Anyone</option>
          <option value={OWNER_NONE}>Unowned</option>
          {!known && <option value={String(filters.owner)}>Person #{filters.owner}</option>}
          {people.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.id === viewerId ? `${p.name} (you)` : p.name}
            </option>
          ))}
        </select>
      </label>
      {hasTeamFilters(filters) && (
        <button
          type="button"
          data-testid="team-clear-filters"
          onClick={() => onChange(NO_TEAM_FILTERS)}
          className="h-9 rounded-md px-2 text-sm font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
