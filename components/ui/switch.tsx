'use client';

/** An on/off switch (role="switch"), labelled by the element whose id is `labelledBy`. */
export function Switch({
  on,
  onChange,
  labelledBy,
  disabled = false,
  testId,
}: {
  on: boolean;
  onChange: (on: boolean) => void;
  labelledBy: string;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      data-testid={testId}
      aria-checked={on}
      aria-labelledby={labelledBy}
      disabled={disabled}
      onClick={() => onChange(!on)}
      className={`relative inline-flex h-6 w-10 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50 ${
        on ? 'bg-blue-600 dark:bg-blue-500' : 'bg-slate-300 dark:bg-slate-600'
      }`}
    >
      <span aria-hidden className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${on ? 'translate-x-[1.125rem]' : 'translate-x-0.5'}`} />
    </button>
  );
}
