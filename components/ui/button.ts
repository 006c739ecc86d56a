/** The one look of a primary action button (submit, retry); add spacing classes where it sits. */
export const primaryButtonClass =
  'inline-flex h-9 items-center justify-center rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300';
