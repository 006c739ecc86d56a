'use client';

import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fieldClass } from '@/components/ui/field';
import { request } from '@/lib/hooks/alerts-api';
import type { LabelSuggestion } from '@/lib/integrations/label-suggestions';
import { CONDITION_OPS, type EventCondition } from '@/lib/validation/events';

const input = `w-full ${fieldClass}`;
const PROMETHEUS = 'prometheus.alert';
const LIST_OPS = new Set(['in', 'not_in']);
const NUMBER_OPS = new Set(['>', '>=', '<', '<=']);

const fetchSuggestions = async (): Promise<LabelSuggestion[]> =>
  ((await (await request('/api/v1/alerts/rules/label-suggestions')).json()) as { labels: LabelSuggestion[] }).labels;

/** A condition's value as typed: a list for in / not in, a number for comparisons, else text. */
function parseValue(op: EventCondition['op'], text: string): EventCondition['value'] {
  if (op === 'exists') return undefined;
  if (LIST_OPS.has(op)) return text.split(',').map((x) => x.trim()).filter(Boolean);
  if (NUMBER_OPS.has(op) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}
const valueText = (v: EventCondition['value']) => (Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? '' : String(v));

/**
 * The `where` conditions of an event rule, a row each: attribute, operator, value. For Prometheus
 * alerts the attribute offers `labels.<name>` and the value the label's values seen in the last day.
 */
export function WhereField({
  value,
  eventType,
  onChange,
  invalid,
}: {
  value: unknown;
  eventType: unknown;
  onChange: (v: EventCondition[] | undefined) => void;
  invalid: boolean;
}) {
  const id = useId();
  const rows = Array.isArray(value) ? (value as EventCondition[]) : [];
  const types = Array.isArray(eventType) ? eventType : [eventType];
  const prometheus = types.includes(PROMETHEUS);
  const suggestions = useQuery({ queryKey: ['rules', 'label-suggestions'], queryFn: fetchSuggestions, enabled: prometheus, staleTime: 60_000 });
  const labels = prometheus ? (suggestions.data ?? []) : [];
  const set = (i: number, patch: Partial<EventCondition>) => {
    const next = rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
    onChange(next);
  };
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <div className="flex flex-col gap-2" data-testid="where-field">
      <datalist id={`${id}-attrs`}>
        {labels.map((l) => (
          <option key={l.name} value={`labels.${l.name}`}>
            {`${l.alerts} alerts in the last day`}
          </option>
        ))}
      </datalist>
      {rows.length === 0 && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {prometheus ? 'Every Prometheus alert matches. Add a label condition to route only some (labels.team == payments).' : 'Every event of the type matches.'}
        </p>
      )}
      {rows.map((row, i) => {
        const label = row.attr.startsWith('labels.') ? labels.find((l) => l.name === row.attr.slice(7)) : undefined;
        return (
          <div key={i} className="grid grid-cols-[minmax(0,1fr)_6.5rem] gap-2 sm:grid-cols-[minmax(0,1fr)_6.5rem_minmax(0,1fr)_2.25rem]" data-testid="where-row">
            <input
              type="text"
              aria-label={`Condition ${i + 1}: attribute`}
              aria-invalid={invalid}
              list={`${id}-attrs`}
              placeholder={prometheus ? 'labels.team' : 'attribute'}
              className={input}
              value={row.attr}
              onChange={(e) => set(i, { attr: e.target.value.trim() })}
            />
            <select
              aria-label={`Condition ${i + 1}: operator`}
              className={input}
              value={row.op}
              onChange={(e) => {
                const op = e.target.value as EventCondition['op'];
                set(i, { op, value: parseValue(op, valueText(row.value)) });
              }}
            >
              {CONDITION_OPS.map((op) => (
                <option key={op} value={op}>
                  {op.replace('_', ' ')}
                </option>
              ))}
            </select>
            <input
              type="text"
              aria-label={`Condition ${i + 1}: value`}
              list={label ? `${id}-values-${i}` : undefined}
              disabled={row.op === 'exists'}
              placeholder={LIST_OPS.has(row.op) ? 'a, b' : row.op === 'exists' ? '' : 'value'}
              className={`${input} col-span-1 disabled:opacity-50`}
              value={valueText(row.value)}
              onChange={(e) => set(i, { value: parseValue(row.op, e.target.value) })}
            />
            {label && (
              <datalist id={`${id}-values-${i}`}>
                {label.values.map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
            )}
            <button
              type="button"
              aria-label={`Remove condition ${i + 1}`}
              onClick={() => remove(i)}
              className="inline-flex h-9 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
            >
              ×
            </button>
          </div>
        );
      })}
      <button
        type="button"
        data-testid="where-add"
        onClick={() => onChange([...rows, { attr: prometheus ? 'labels.' : '', op: '==', value: '' }])}
        className="self-start rounded-md px-2 py-1 text-sm font-medium text-sky-700 hover:bg-sky-50 dark:text-sky-400 dark:hover:bg-sky-950"
      >
        + Add condition
      </button>
    </div>
  );
}
