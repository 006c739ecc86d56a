type Props = { page: number; totalPages: number; total: number; pageSize: number; onPage: (page: number) => void };

const button =
  'inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';

export function Pager({ page, totalPages, total, pageSize, onPage }: Props) {
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400">
      <span className="tabular-nums">
        {first}–{last} of {total}
      </span>
      <div className="flex gap-2">
        <button type="button" className={button} aria-label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <button type="button" className={button} aria-label="Next page" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </div>
    </nav>
  );
}
