/** The one look of a form field (input, select, textarea) in settings and admin forms; add w-full where it should fill its column. */
export const fieldClass =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 aria-invalid:border-red-500 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';
