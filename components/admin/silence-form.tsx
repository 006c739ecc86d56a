'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { SeverityBadge } from '@/components/notifications/badges';
import { RelativeTime } from '@/components/notifications/relative-time';
import { fieldClass } from '@/components/ui/field';
import { SEVERITIES } from '@/db/schema';
import type { SilenceChoices } from '@/lib/admin/silences';
import { AlertsRequestError, createSilenceRequest, previewSilenceRequest } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import type { SilenceMatchers } from '@/lib/validation/admin';
import { issueInWords } from '@/lib/validation/issue-words';
import { primaryButtonClass } from '@/components/ui/button';
import { Labelled } from '@/components/ui/labelled';

const input = `w-full ${fieldClass}`;
const DURATIONS = [
  [60, '1 hour'],
  [240, '4 hours'],
  [1440, '1 day'],
  [10_080, '1 week'],
] as const;

/** The form's own names for the matchers, for errors in words. */
const LABEL: Record<string, string> = {
  rule_id: 'Rule',
  alert_type: 'Alert type',
  severity: 'Severity',
  complaint_reference: 'Complaint',
  resource_type: 'Resource type',
  resource_id: 'Resource id',
};
const NO_MATCHER = 'Choose at least one thing to match: a silence of everything is not allowed.';

export type SilencePrefill = Partial<Record<keyof SilenceMatchers, string>> & { from_alert?: string };
type Fields = Record<keyof SilenceMatchers, string>;
const EMPTY: Fields = { rule_id: '', alert_type: '', severity: '', complaint_reference: '', resource_type: '', resource_id: '' };

/** The matchers as the API takes them: the filled ones only; a complaint reference stands for the resource. */
function toMatchers(f: Fields): SilenceMatchers {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(f)) {
    const value = v.trim();
    if (value === '') continue;
    if (f.complaint_reference.trim() && (k === 'resource_type' || k === 'resource_id')) continue;
    out[k] = k === 'rule_id' ? Number(value) : value;
  }
  return out as SilenceMatchers;
}

/** A new silence: what to match (picked from the rules and types that exist, or a complaint by reference), for how long, why — and the open alerts it would match, before saving. */
export function SilenceForm({ choices, prefill, onCreated }: { choices: SilenceChoices; prefill: SilencePrefill; onCreated: () => void }) {
  const hydrated = useHydrated();
  const now = useNow();
  const [fields, setFields] = useState<Fields>(() => ({ ...EMPTY, ...Object.fromEntries(Object.entries(prefill).filter(([k]) => k in EMPTY)) }));
  const [minutes, setMinutes] = useState<number>(60);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const matchers = useMemo(() => toMatchers(fields), [fields]);
  const hasMatcher = Object.keys(matchers).length > 0;

  // the preview follows the matchers, a moment after the last keystroke
  const [debounced, setDebounced] = useState(matchers);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(matchers), 400);
    return () => clearTimeout(t);
  }, [matchers]);
  const preview = useQuery({
    queryKey: ['silence-preview', debounced],
    queryFn: ({ signal }) => previewSilenceRequest({ matchers: debounced }, signal),
    enabled: hydrated && Object.keys(debounced).length > 0,
    retry: false,
    placeholderData: (previous) => previous,
  });
  const previewFieldError = preview.error instanceof AlertsRequestError ? wordsFor(preview.error) : {};
  const shownErrors = { ...previewFieldError, ...fieldErrors };

  const set = (key: keyof Fields, value: string) => {
    setFieldErrors({});
    setError(null);
    setFields((f) => ({ ...f, [key]: value }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    if (!hasMatcher) return setError(NO_MATCHER);
    if (!comment.trim()) return setFieldErrors({ comment: 'Say why, so the others know what this silence is for.' });
    setBusy(true);
    try {
      await createSilenceRequest({ matchers, duration_minutes: minutes, comment });
      setFields(EMPTY);
      setComment('');
      onCreated();
    } catch (err) {
      const words = err instanceof AlertsRequestError ? wordsFor(err) : {};
      setFieldErrors(words);
      setError(Object.keys(words).length ? 'Not saved: see the marked field.' : `Not saved: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const typeOptions = fields.alert_type && !choices.alert_types.includes(fields.alert_type) ? [...choices.alert_types, fields.alert_type] : choices.alert_types;
  const byReference = fields.complaint_reference.trim() !== '';

  return (
    <form onSubmit={submit} data-testid="silence-form" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900" noValidate>
      <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">New silence</h2>
      {prefill.from_alert ? (
        <p data-testid="silence-prefilled" className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          Filled in from <Link href={`/alerts/${prefill.from_alert}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">alert #{prefill.from_alert}</Link>: its rule, type and resource. Clear what should match more broadly.
        </p>
      ) : (
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">Every field you fill must match; leave the others on “any”.</p>
      )}
      <div className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="grid content-start gap-3 sm:grid-cols-2">
          <Labelled errorTestId="silence-field-error" label="Rule" error={shownErrors.rule_id}>
            <select data-testid="silence-rule_id" className={input} value={fields.rule_id} onChange={(e) => set('rule_id', e.target.value)}>
              <option value="">Any rule</option>
              {choices.rules.map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {r.name}
                </option>
              ))}
              {fields.rule_id && !choices.rules.some((r) => String(r.id) === fields.rule_id) && <option value={fields.rule_id}>rule #{fields.rule_id} (deleted)</option>}
            </select>
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Alert type" error={shownErrors.alert_type}>
            <select data-testid="silence-alert_type" className={input} value={fields.alert_type} onChange={(e) => set('alert_type', e.target.value)}>
              <option value="">Any type</option>
              {typeOptions.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Severity" error={shownErrors.severity}>
            <select data-testid="silence-severity" className={input} value={fields.severity} onChange={(e) => set('severity', e.target.value)}>
              <option value="">Any severity</option>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Complaint" hint="its reference" error={shownErrors.complaint_reference}>
            <input
              data-testid="silence-complaint"
              className={input}
              placeholder="C-1042"
              aria-invalid={!!shownErrors.complaint_reference}
              value={fields.complaint_reference}
              onChange={(e) => set('complaint_reference', e.target.value)}
            />
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Other resource type" hint={byReference ? 'the complaint is the resource' : 'payment_provider, metric…'} error={shownErrors.resource_type}>
            <input data-testid="silence-resource_type" className={input} disabled={byReference} placeholder="payment_provider" value={byReference ? '' : fields.resource_type} onChange={(e) => set('resource_type', e.target.value)} />
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Resource id" error={shownErrors.resource_id}>
            <input data-testid="silence-resource_id" className={input} disabled={byReference} placeholder="stripe" value={byReference ? '' : fields.resource_id} onChange={(e) => set('resource_id', e.target.value)} />
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="For">
            <select data-testid="silence-duration" className={input} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {DURATIONS.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
          </Labelled>
          <Labelled errorTestId="silence-field-error" label="Why" error={fieldErrors.comment} className="sm:col-span-2">
            <input
              data-testid="silence-comment"
              className={input}
              placeholder="Planned maintenance of the payment gateway"
              aria-invalid={!!fieldErrors.comment}
              value={comment}
              onChange={(e) => {
                setFieldErrors({});
                setComment(e.target.value);
              }}
            />
          </Labelled>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <button type="submit" data-testid="create-silence" disabled={busy} className={primaryButtonClass}>
              {busy ? 'Silencing…' : 'Silence'}
            </button>
            <p role="status" aria-live="polite" data-testid="silence-error" className="min-h-5 text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          </div>
        </div>

        <section aria-labelledby="silence-preview-heading" data-testid="silence-preview" data-loading={preview.isFetching} className="rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-950/40">
          <h3 id="silence-preview-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            Open alerts it would silence
          </h3>
          <div aria-live="polite" className="mt-1 text-sm">
            {!hasMatcher ? (
              <p className="text-slate-500 dark:text-slate-400">Choose what to match to see the open alerts it would keep quiet.</p>
            ) : Object.keys(previewFieldError).length ? (
              <p className="text-slate-600 dark:text-slate-400">{Object.values(previewFieldError)[0]}</p>
            ) : preview.isError ? (
              <p className="text-red-700 dark:text-red-400">Could not check: {preview.error.message}</p>
            ) : !preview.data ? (
              <p className="text-slate-500 dark:text-slate-400">Checking…</p>
            ) : preview.data.total === 0 ? (
              <p data-testid="silence-preview-total" className="text-slate-600 dark:text-slate-400">
                No open alert matches now; new ones that match will be recorded and nobody told.
              </p>
            ) : (
              <>
                <p data-testid="silence-preview-total" className="text-slate-800 dark:text-slate-200">
                  <strong>{preview.data.total}</strong> open {preview.data.total === 1 ? 'alert matches' : 'alerts match'}: their repeats will tell nobody.
                </p>
                <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
                  {preview.data.alerts.map((a) => (
                    <li key={a.id} data-testid="silence-preview-alert" className="py-1.5">
                      <div className="flex items-start gap-2">
                        <SeverityBadge severity={a.severity} />
                        <Link href={`/alerts/${a.id}`} className="min-w-0 break-words font-medium text-slate-900 hover:underline dark:text-slate-100">
                          {a.title}
                        </Link>
                      </div>
                      <p className="text-xs text-slate-500 dark:text-slate-400">
                        {a.rule?.name ?? a.alert_type} · {a.status} · fired <RelativeTime iso={a.last_fired_at} now={now} />
                      </p>
                    </li>
                  ))}
                </ul>
                {preview.data.total > preview.data.alerts.length && (
                  <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">and {preview.data.total - preview.data.alerts.length} more</p>
                )}
              </>
            )}
          </div>
        </section>
      </div>
    </form>
  );
}

/** The API's field errors, by matcher, in the form's words. */
function wordsFor(err: AlertsRequestError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of err.problem.errors ?? []) {
    const key = e.path.replace(/^matchers\.?/, '') || 'matchers';
    if (key === 'matchers') {
      out.matchers = e.code === 'unrecognized_keys' ? 'Something to match that Ops Alerts does not know.' : NO_MATCHER;
      continue;
    }
    // our own 422s (unknown reference, conflicting matchers) already speak in words
    out[key] = e.code === 'unknown_reference' || e.code === 'conflicting_matchers' ? e.message : issueInWords({ code: e.code ?? 'custom', message: e.message }, LABEL[key] ?? 'This field');
  }
  return out;
}
