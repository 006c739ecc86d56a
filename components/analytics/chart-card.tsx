'use client';

import { useState, type ReactNode } from 'react';

/** Axes and tooltips of every chart: the text colour (so dark mode works), small type. */
export const axis = { tick: { fill: 'currentColor', fontSize: 11 }, stroke: 'currentColor', strokeOpacity: 0.3 };
export const tooltip = { contentStyle: { fontSize: 12, borderRadius: 6 }, labelStyle: { fontWeight: 600 } };

export type Column<R> = { key: string; label: string; value: (row: R) => string | number | null };

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The rows as CSV (RFC 4180), with a header line. */
export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  return [columns.map((c) => csvCell(c.label)).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\r\n') + '\r\n';
}

/**
 * One chart with what an ops lead needs around it: a title and a line on how to read it, a table
 * view of the same numbers (for screen readers and for reading exact values), and a CSV download.
 */
export function ChartCard<R>({
  id,
  title,
  hint,
  columns,
  rows,
  empty,
  children,
}: {
  id: string;
  title: string;
  hint?: string;
  columns: Column<R>[];
  rows: R[];
  empty?: string | null;
  children: ReactNode;
}) {
  const [table, setTable] = useState(false);
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${id}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const tab = (on: boolean) =>
    `h-7 rounded px-2 text-xs font-medium ${on ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`;
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            {title}
          </h2>
          {hint && <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p>}
        </div>
        <div className="flex items-center gap-1" role="group" aria-label={`${title}: view`}>
          <button type="button" className={tab(!table)} aria-pressed={!table} onClick={() => setTable(false)}>
            Chart
          </button>
          <button type="button" className={tab(table)} aria-pressed={table} onClick={() => setTable(true)} data-testid={`table-${id}`}>
            Table
          </button>
          <button
            type="button"
            onClick={download}
            data-testid={`csv-${id}`}
            className="h-7 rounded px-2 text-xs font-medium text-sky-700 hover:bg-sky-50 dark:text-sky-400 dark:hover:bg-sky-950"
          >
            CSV
          </button>
        </div>
      </div>
      <div className="mt-3">
        {empty ? (
          <p className="flex h-48 items-center justify-center text-sm text-slate-500 dark:text-slate-400" data-testid={`empty-${id}`}>
            {empty}
          </p>
        ) : table ? (
          <div className="max-h-72 overflow-auto">
            <table className="w-full text-left text-xs tabular-nums">
              <thead className="sticky top-0 bg-white dark:bg-slate-900">
                <tr>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className="border-b border-slate-200 px-2 py-1.5 font-semibold text-slate-700 dark:border-slate-700 dark:text-slate-300">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                    {columns.map((c) => (
                      <td key={c.key} className="px-2 py-1 text-slate-800 dark:text-slate-200">
                        {c.value(r) ?? '–'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="h-56 text-slate-500 dark:text-slate-400">{children}</div>
        )}
      </div>
    </section>
  );
}
