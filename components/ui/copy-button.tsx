'use client';

import { useEffect, useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment; the label keeps its width so nothing moves. */
export function CopyButton({ text, label = 'Copy', testId, className = '' }: { text: string; label?: string; testId?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button
      type="button"
      data-testid={testId}
      onClick={() => void copy()}
      className={`inline-grid h-9 shrink-0 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${className}`}
    >
      {/* every label in one grid cell: the widest sets the width */}
      <span className={`col-start-1 row-start-1 ${state === 'idle' ? '' : 'invisible'}`}>{label}</span>
      <span aria-live="polite" className={`col-start-1 row-start-1 ${state === 'copied' ? 'text-emerald-700 dark:text-emerald-400' : 'invisible'}`}>
        Copied
      </span>
      <span className={`col-start-1 row-start-1 ${state === 'failed' ? 'text-red-700 dark:text-red-400' : 'invisible'}`}>Failed</span>
    </button>
  );
}

/** A secret or link in a read-only field (selected on focus) with a copy button beside it. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      <input
        readOnly
        aria-label={label}
        data-testid={testId}
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      />
      <CopyButton text={value} testId={`${testId}-copy`} />
    </div>
  );
}
