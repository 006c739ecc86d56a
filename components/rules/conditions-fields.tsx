'use client';

import { useState } from 'react';
import type { CheckInfo, JsonSchema } from '@/lib/alerts/check-catalog';
import { fieldClass } from '@/components/ui/field';
import { WhereField } from './where-field';

const input = `w-full ${fieldClass}`;
const words = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');
// a default as people read it: "response, resolution", "yes", never JSON
const inWords = (v: unknown): string =>
  Array.isArray(v) ? v.map(inWords).join(', ') || 'none' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v !== null && typeof v === 'object' ? 'set' : String(v);
const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type[0] : s.type);

/** The fields of a check's conditions, made from its JSON Schema: numbers, choices, switches, text; JSON for the rest. */
export function ConditionsFields({
  check,
  value,
  onChange,
  errorFor,
}: {
  check: CheckInfo;
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  errorFor: (path: string) => string | undefined;
}) {
  const props = Object.entries(check.conditions.properties ?? {});
  if (props.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">This check has nothing to set.</p>;
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {props.map(([key, schema]) => {
        const required = check.conditions.required?.includes(key) ?? false;
        const error = errorFor(`conditions.${key}`);
        const hint = schema.default !== undefined ? `default ${inWords(schema.default)}` : required ? 'required' : 'optional';
        return (
          <div key={key} className={`flex flex-col gap-1 text-sm ${key === 'where' ? 'sm:col-span-2' : ''}`} data-testid={`condition-${key}`}>
            <span className="font-medium text-slate-800 dark:text-slate-200">
              {words(key)} <span className="text-xs font-normal text-slate-500 dark:text-slate-400">({hint})</span>
            </span>
            {check.name === 'event_match' && key === 'where' ? (
              <WhereField value={value[key]} eventType={value.event_type} onChange={(v) => set(key, v)} invalid={!!error} />
            ) : (
              <Field name={key} schema={schema} value={value[key]} onChange={(v) => set(key, v)} invalid={!!error} />
            )}
            {error && <span className="text-xs text-red-700 dark:text-red-400">{error}</span>}
          </div>
        );
      })}
    </div>
  );
}

function Field({ name, schema, value, onChange, invalid }: { name: string; schema: JsonSchema; value: unknown; onChange: (v: unknown) => void; invalid: boolean }) {
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    return (
      <input
        type="number"
        aria-label={words(name)}
        aria-invalid={invalid}
        className={input}
        min={schema.minimum}
        max={schema.maximum}
        step={type === 'integer' ? 1 : 'any'}
        placeholder={schema.default !== undefined ? String(schema.default) : ''}
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  }
  if (type === 'boolean') {
    return (
      <select aria-label={words(name)} className={input} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
        <option value="">Default{schema.default !== undefined ? ` (${schema.default ? 'yes' : 'no'})` : ''}</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  }
  if (type === 'string' && schema.enum) {
    return (
      <select aria-label={words(name)} aria-invalid={invalid} className={input} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{schema.default !== undefined ? `Default (${String(schema.default)})` : 'Choose…'}</option>
        {schema.enum.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  }
  if (type === 'array' && schema.items?.enum) {
    const chosen = Array.isArray(value) ? (value as string[]) : [];
    return (
      <div role="group" aria-label={words(name)} className="flex flex-wrap gap-x-3 gap-y-1 py-1">
        {schema.items.enum.map((o) => (
          <label key={String(o)} className="flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              className="size-4 accent-blue-600"
              checked={chosen.includes(String(o))}
              onChange={(e) => {
                const next = e.target.checked ? [...chosen, String(o)] : chosen.filter((x) => x !== String(o));
                onChange(next.length ? next : undefined);
              }}
            />
            {String(o)}
          </label>
        ))}
      </div>
    );
  }
  if (type === 'string' || schema.anyOf?.some((s) => typeOf(s) === 'string')) {
    return (
      <input
        type="text"
        aria-label={words(name)}
        aria-invalid={invalid}
        className={input}
        placeholder={schema.default !== undefined ? String(schema.default) : ''}
        value={typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : ''}
        onChange={(e) => {
          const text = e.target.value;
          // a list where the schema allows one: "a, b"
          const list = schema.anyOf?.some((s) => typeOf(s) === 'array') && text.includes(',');
          onChange(text === '' ? undefined : list ? text.split(',').map((x) => x.trim()).filter(Boolean) : text);
        }}
      />
    );
  }
  return <JsonField name={name} value={value} onChange={onChange} invalid={invalid} />;
}

/** Anything the form has no field for: JSON, taken when it parses. */
function JsonField({ name, value, onChange, invalid }: { name: string; value: unknown; onChange: (v: unknown) => void; invalid: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value));
  const [bad, setBad] = useState(false);
  return (
    <>
      <textarea
        aria-label={`${words(name)} (JSON)`}
        aria-invalid={invalid || bad}
        rows={2}
        className={`${input} h-auto py-1.5 font-mono text-xs`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setBad(false);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <span className="text-xs text-red-700 dark:text-red-400">Not valid JSON yet</span>}
    </>
  );
}
