'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { SEVERITIES, type Severity } from '@/db/schema';
import { Switch } from '@/components/ui/switch';
import type { CheckInfo } from '@/lib/alerts/check-catalog';
import { AlertsRequestError, deleteRuleRequest, previewRuleRequest, saveRule } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import type { RuleJson } from '@/lib/validation/alert-responses';
import type { AlertConfig, RuleShape } from '@/lib/validation/rules';
import { ConditionsFields } from './conditions-fields';
import { RuleBacktestPanel } from './rule-backtest-panel';
import { RulePreviewPanel } from './rule-preview-panel';
import { toShape } from './rule-shape';
import { draftErrors, fieldOf, serverErrors } from './rule-validation';
import { fieldClass } from '@/components/ui/field';
import { primaryButtonClass } from '@/components/ui/button';
import { Labelled } from '@/components/ui/labelled';

const input = `w-full ${fieldClass}`;
const RECIPIENTS = [
  ['assignee', 'The assignee'],
  ['manager', 'Their manager'],
  ['role:staff', 'All staff'],
  ['role:manager', 'All managers'],
  ['role:admin', 'All admins'],
  ['broadcast', 'Everyone'],
] as const;
const CHANNELS = [
  ['email', 'Email'],
  ['slack', 'Slack'],
  ['webhook', 'Webhook'],
] as const;

type Draft = Omit<RuleShape, 'rule_type' | 'alert_config'> & { alert_config: Partial<AlertConfig> & Pick<AlertConfig, 'severity' | 'title_template'> };
type FieldError = { path: string; message: string; code?: string };

const blank = (checks: CheckInfo[]): Draft => ({
  rule_name: '',
  description: '',
  check: checks.find((c) => c.name === 'sla_at_risk')?.name ?? checks[0]!.name,
  is_enabled: true,
  conditions: {},
  alert_config: { severity: 'warning', title_template: '', message_template: '', recipients: ['assignee'], fallback_recipients: ['role:manager'], channels: ['in_app'], cooldown_minutes: 60, auto_resolve: true },
});

/** The rule editor: every setting of a rule, checked by the server as you type, with a live preview of what it would do now. */
export function RuleEditor({ checks, rule, notice }: { checks: CheckInfo[]; rule: RuleJson | null; notice?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [draft, setDraft] = useState<Draft>(() => (rule ? fromRule(rule) : blank(checks)));
  const [version, setVersion] = useState(rule?.version ?? 0);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; errors: FieldError[]; stale: boolean } | null>(null);
  // a field shows its error once the person has been in it, or after they tried to save
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // phones: the form and the preview take turns
  const [pane, setPane] = useState<'edit' | 'preview'>('edit');
  const lastTemplate = useRef<'title_template' | 'message_template'>('title_template');
  const check = checks.find((c) => c.name === draft.check) ?? checks[0]!;
  const body = useMemo((): RuleShape => ({ ...draft, rule_type: check.rule_type as RuleShape['rule_type'], alert_config: clean(draft.alert_config) }), [draft, check]);
  const local = useMemo(() => draftErrors(body, check), [body, check]);
  // the preview names a rule that has none yet
  const previewBlocker = [...local].find(([field]) => field !== 'rule_name')?.[1] ?? null;

  // the preview follows the draft, a moment after the last keystroke
  const [debounced, setDebounced] = useState(body);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(body), 600);
    return () => clearTimeout(t);
  }, [body]);
  // what the preview is asked about: the draft a moment after the last keystroke; the backtest, run on request, the draft as it is
  const ruleId = rule?.id ?? null;
  const previewInput = useMemo(() => editorInput(debounced, ruleId), [debounced, ruleId]);
  const currentInput = useMemo(() => editorInput(body, ruleId), [body, ruleId]);
  const preview = useQuery({
    queryKey: ['rule-preview', rule?.id ?? null, debounced],
    queryFn: ({ signal }) => previewRuleRequest(previewInput, signal),
    enabled: hydrated && previewBlocker === null,
    retry: false,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
  const previewError = preview.error;
  const remote = useMemo(() => {
    const previewIssues = previewError instanceof AlertsRequestError ? (previewError.problem.errors ?? []) : [];
    return serverErrors(saveError?.errors.length ? saveError.errors : previewIssues, check);
  }, [saveError, previewError, check]);
  const shown = (field: string) => submitted || touched.has(field) || (field.startsWith('conditions') && remote.has(field));
  const errorFor = (path: string) => {
    const field = fieldOf(path);
    return shown(field) ? (local.get(field) ?? remote.get(field)) : undefined;
  };
  const touch = (field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  // an edit makes the last save's complaints stale: the preview speaks from now on
  const edit = (change: (d: Draft) => Draft) => {
    setSaveError(null);
    setDraft(change);
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    touch(key);
    edit((d) => ({ ...d, [key]: value }));
  };
  const setCfg = <K extends keyof AlertConfig>(key: K, value: AlertConfig[K] | undefined) => {
    touch(fieldOf(`alert_config.${key}${key === 'escalation' ? '.after_minutes' : ''}`));
    edit((d) => ({ ...d, alert_config: { ...d.alert_config, [key]: value } }));
  };
  const toggleIn = (list: string[] | undefined, item: string, on: boolean) => (on ? [...(list ?? []), item] : (list ?? []).filter((x) => x !== item));
  const insertVariable = (name: string) => {
    const key = lastTemplate.current;
    setCfg(key, `${draft.alert_config[key] ?? ''}{{${name}}}`);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setSubmitted(true);
    setSaveError(null);
    if (local.size > 0) {
      setPane('edit');
      // after React has marked the fields, take the person to the first one
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    try {
      const saved = await saveRule({ ...body, ...(rule ? { id: rule.id, version } : {}) });
      setVersion(saved.version);
      router.push('/admin/rules');
      router.refresh();
    } catch (err) {
      const problem = err instanceof AlertsRequestError ? err : null;
      setSaveError({ message: (err as Error).message, errors: problem?.problem.errors ?? [], stale: problem?.status === 409 && problem.problem.current_version !== undefined });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!rule || !window.confirm(`Delete the rule ${rule.rule_name}? Its alerts stay.`)) return;
    await deleteRuleRequest(rule.id);
    router.push('/admin/rules');
    router.refresh();
  };

  // Ctrl/Cmd+S saves
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key === 's') {
        e.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const cfg = draft.alert_config;
  return (
    <div data-hydrated={hydrated} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <Link href="/admin/rules" className="text-sm text-slate-600 hover:underline dark:text-slate-400">
            ← Rules
          </Link>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">{rule ? `Edit ${rule.rule_name}` : 'New rule'}</h1>
        </div>
        {rule && <span className="text-xs text-slate-500 dark:text-slate-400">version {version}</span>}
      </div>

      {/* phones: edit and preview take turns, so the preview is one tap away and never off screen */}
      <div role="tablist" aria-label="Rule editor" className="sticky top-[5.5rem] z-10 -mx-1 flex gap-1 bg-slate-50/95 sm:top-14 px-1 py-1.5 backdrop-blur lg:hidden dark:bg-slate-950/95">
        {(['edit', 'preview'] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            aria-selected={pane === p}
            data-testid={`pane-${p}`}
            onClick={() => setPane(p)}
            className={`h-9 flex-1 rounded-md text-sm font-medium ${pane === p ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'border border-slate-300 text-slate-700 dark:border-slate-700 dark:text-slate-300'}`}
          >
            {p === 'edit' ? 'Edit' : `Preview${preview.data && !preview.data.note && previewBlocker === null ? ` · ${preview.data.counts.created} new` : ''}`}
          </button>
        ))}
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <form onSubmit={submit} className={`space-y-4 ${pane === 'edit' ? '' : 'hidden lg:block'}`} noValidate>
          {notice && (
            <p role="status" data-testid="rule-notice" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
              {notice}
            </p>
          )}
          {submitted && local.size > 0 && (
            <div role="alert" data-testid="form-errors" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">Not saved yet: {local.size === 1 ? 'one field needs' : `${local.size} fields need`} a change.</p>
              <ul className="mt-1 list-disc pl-5">
                {[...local].map(([field, message]) => (
                  <li key={field}>{message}</li>
                ))}
              </ul>
            </div>
          )}
          {saveError && (
            <div role="alert" data-testid="save-error" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">Not saved: {saveError.errors.length ? 'a field needs a change.' : saveError.message}</p>
              {saveError.stale && <p className="mt-1">Someone else saved this rule meanwhile. Reload to see their change, then edit again.</p>}
              {remote.size > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {[...remote].map(([field, message]) => (
                    <li key={field}>{message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}

          <Card title="Rule">
            <div className="grid gap-3 sm:grid-cols-2">
              <Labelled label="Name" error={errorFor('rule_name')} hint="lowercase, digits and _">
                <input data-testid="rule-name" className={input} aria-invalid={!!errorFor('rule_name')} value={draft.rule_name} onBlur={() => touch('rule_name')} onChange={(e) => set('rule_name', e.target.value)} />
              </Labelled>
              <div className="flex items-end justify-between gap-3 pb-1.5">
                <span id="rule-enabled-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
                  Enabled
                </span>
                <Switch on={draft.is_enabled} labelledBy="rule-enabled-label" onChange={(on) => set('is_enabled', on)} />
              </div>
              <Labelled label="Description" className="sm:col-span-2">
                <input className={input} value={draft.description} onChange={(e) => set('description', e.target.value)} />
              </Labelled>
            </div>
          </Card>

          <Card title="What to watch">
            <Labelled label="Check" error={errorFor('check')}>
              <select
                data-testid="rule-check"
                className={input}
                value={draft.check}
                onChange={(e) => edit((d) => ({ ...d, check: e.target.value, conditions: {} }))}
              >
                {checks.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.label}
                  </option>
                ))}
              </select>
            </Labelled>
            <div className="mt-3">
              <ConditionsFields key={check.name} check={check} value={draft.conditions} onChange={(c) => set('conditions', c)} errorFor={errorFor} />
            </div>
          </Card>

          <Card title="The alert">
            <div className="grid gap-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
              <Labelled label="Severity" error={errorFor('alert_config.severity')}>
                <select data-testid="rule-severity" className={input} value={cfg.severity} onChange={(e) => setCfg('severity', e.target.value as Severity)}>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </Labelled>
              <Labelled label="Title" error={errorFor('alert_config.title_template')} errorTestId="title-error">
                <input
                  data-testid="rule-title"
                  className={input}
                  aria-invalid={!!errorFor('alert_config.title_template')}
                  value={cfg.title_template}
                  onFocus={() => (lastTemplate.current = 'title_template')}
                  onBlur={() => touch('alert_config.title_template')}
                  onChange={(e) => setCfg('title_template', e.target.value)}
                />
              </Labelled>
              <Labelled label="Message" className="sm:col-span-2" error={errorFor('alert_config.message_template')} errorTestId="message-error">
                <textarea
                  rows={2}
                  data-testid="rule-message"
                  className={`${input} h-auto py-1.5`}
                  aria-invalid={!!errorFor('alert_config.message_template')}
                  value={cfg.message_template ?? ''}
                  onFocus={() => (lastTemplate.current = 'message_template')}
                  onChange={(e) => setCfg('message_template', e.target.value)}
                />
              </Labelled>
            </div>
            <div className="mt-2 text-xs text-slate-600 dark:text-slate-400" data-testid="template-variables">
              <span>Variables of this check (click to add):</span>
              <div className="mt-1 flex flex-wrap gap-1">
                {check.variables.map((v) =>
                  v.endsWith('.*') ? (
                    <code key={v} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-300" title="any attribute of the event">
                      {`{{${v.slice(0, -1)}name}}`}
                    </code>
                  ) : (
                    <button
                      key={v}
                      type="button"
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insertVariable(v)}
                      className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:hover:bg-slate-700"
                    >
                      {`{{${v}}}`}
                    </button>
                  ),
                )}
              </div>
            </div>
          </Card>

          <Card title="Who and how">
            <fieldset className="text-sm">
              <legend className="font-medium text-slate-800 dark:text-slate-200">Recipients</legend>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {RECIPIENTS.map(([value, label]) => (
                  <Check key={value} label={label} checked={cfg.recipients?.includes(value) ?? false} onChange={(on) => setCfg('recipients', toggleIn(cfg.recipients, value, on))} />
                ))}
              </div>
              {errorFor('alert_config.recipients') && <p className="text-xs text-red-700 dark:text-red-400">{errorFor('alert_config.recipients')}</p>}
            </fieldset>
            <fieldset className="mt-3 text-sm">
              <legend className="font-medium text-slate-800 dark:text-slate-200">Besides the inbox</legend>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {CHANNELS.map(([value, label]) => (
                  <Check key={value} label={label} checked={cfg.channels?.includes(value) ?? false} onChange={(on) => setCfg('channels', toggleIn(cfg.channels ?? ['in_app'], value, on) as AlertConfig['channels'])} />
                ))}
              </div>
            </fieldset>
            <div className="mt-3 grid gap-3 sm:grid-cols-2">
              {cfg.channels?.includes('email') && (
                <Labelled label="Also email" hint="comma-separated addresses" error={errorFor('alert_config.email_to')}>
                  <input className={input} value={(cfg.email_to ?? []).join(', ')} onChange={(e) => setCfg('email_to', e.target.value.split(',').map((x) => x.trim()).filter(Boolean))} />
                </Labelled>
              )}
              {cfg.channels?.includes('slack') && (
                <Labelled label="Slack channel" hint="#ops; empty: the webhook's own" error={errorFor('alert_config.slack_channel')}>
                  <input className={input} value={cfg.slack_channel ?? ''} onChange={(e) => setCfg('slack_channel', e.target.value || undefined)} />
                </Labelled>
              )}
              {cfg.channels?.includes('webhook') && (
                <Labelled label="Webhook URL" error={errorFor('alert_config.webhook') ?? errorFor('alert_config.webhook.url')} className="sm:col-span-2">
                  <input type="url" className={input} value={cfg.webhook?.url ?? ''} onChange={(e) => setCfg('webhook', e.target.value ? { url: e.target.value, headers: cfg.webhook?.headers ?? {} } : undefined)} />
                </Labelled>
              )}
            </div>
          </Card>

          <Card title="Noise control">
            <div className="grid gap-3 sm:grid-cols-3">
              <NumberField label="Cooldown (min)" hint="before a repeat notifies again" value={cfg.cooldown_minutes} onChange={(v) => setCfg('cooldown_minutes', v ?? 0)} error={errorFor('alert_config.cooldown_minutes')} />
              <NumberField label="At most per hour" hint="empty: no cap" value={cfg.max_per_hour} onChange={(v) => setCfg('max_per_hour', v)} error={errorFor('alert_config.max_per_hour')} />
              <NumberField label="Group window (min)" hint="empty: no grouping" value={cfg.group_window_minutes} onChange={(v) => setCfg('group_window_minutes', v)} error={errorFor('alert_config.group_window_minutes')} />
              <NumberField
                label="Escalate after (min)"
                hint="empty: never"
                value={cfg.escalation?.after_minutes}
                onChange={(v) => setCfg('escalation', v ? { after_minutes: v, max_level: cfg.escalation?.max_level ?? 2 } : undefined)}
                error={errorFor('alert_config.escalation.after_minutes')}
              />
              <NumberField label="Expire after (min)" hint="empty: never" value={cfg.expires_after_minutes} onChange={(v) => setCfg('expires_after_minutes', v)} error={errorFor('alert_config.expires_after_minutes')} />
              <div className="flex items-end pb-2">
                <Check label="Resolve when the condition clears" checked={cfg.auto_resolve ?? true} onChange={(on) => setCfg('auto_resolve', on)} />
              </div>
            </div>
          </Card>

          <div className="flex flex-wrap items-center gap-2">
            <button
              type="submit"
              data-testid="save-rule"
              disabled={saving}
              className={`px-4 ${primaryButtonClass}`}
            >
              {saving ? 'Saving…' : rule ? 'Save changes' : 'Create rule'}
            </button>
            <Link href="/admin/rules" className="inline-flex h-9 items-center rounded-md px-3 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
              Cancel
            </Link>
            {rule && (
              <button type="button" onClick={() => void remove()} className="ml-auto inline-flex h-9 items-center rounded-md px-3 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950">
                Delete rule
              </button>
            )}
          </div>
        </form>

        <div className={`space-y-4 lg:sticky lg:top-20 lg:max-h-[calc(100vh-6rem)] lg:self-start lg:overflow-y-auto ${pane === 'preview' ? '' : 'hidden lg:block'}`}>
          <RulePreviewPanel
            preview={previewBlocker === null ? preview.data : undefined}
            loading={preview.isFetching}
            blocked={previewBlocker}
            error={previewBlocker === null && preview.error ? (remote.size ? `Fix what is marked to see a preview: ${[...remote.values()][0]}` : preview.error.message) : null}
          />
          <RuleBacktestPanel rule={currentInput} blocked={previewBlocker} stale={(ran) => JSON.stringify(ran) !== JSON.stringify(currentInput)} />
        </div>
      </div>
    </div>
  );
}

/** The draft as the preview and the backtest take it: named (a new rule may not be yet), and naming the rule it edits. */
const editorInput = (shape: RuleShape, id: number | null) => ({ ...shape, rule_name: shape.rule_name || 'new_rule', ...(id !== null ? { id } : {}) });

// the rule type follows the check, so the draft does not hold it
const fromRule = (r: RuleJson): Draft => {
  const { rule_type: _ruleType, ...draft } = toShape(r);
  return draft;
};

/** The alert_config to send: no empty optional settings. */
function clean(cfg: Draft['alert_config']): AlertConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && k === 'email_to')) continue;
    out[k] = v;
  }
  return out as AlertConfig;
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 className="mb-3 text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
      {children}
    </section>
  );
}

function NumberField({ label, hint, value, onChange, error }: { label: string; hint?: string; value: number | undefined; onChange: (v: number | undefined) => void; error?: string }) {
  return (
    <Labelled label={label} hint={hint} error={error}>
      <input type="number" min={0} className={input} aria-invalid={!!error} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
    </Labelled>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
      <input type="checkbox" className="size-4 accent-blue-600" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
