'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axis, ChartCard, tooltip, type Column } from '@/components/analytics/chart-card';
import { fieldClass } from '@/components/ui/field';
import type { BacktestResult, BacktestSide } from '@/lib/alerts/backtest';
import { backtestRuleRequest } from '@/lib/hooks/alerts-api';
import type { RulePreviewInput } from '@/lib/validation/rules';

const DAYS = [1, 7, 14, 30] as const;
// Paul Tol's bright scheme: the edit stands out, the saved rule stays in the background (both survive colour blindness and dark mode)
const EDITED = '#4477AA';
const SAVED = '#BBBBBB';

type DayRow = { day: string; edited: number; edited_told: number; saved: number | null };

/** Every day of the window, with the alerts each side would have raised (0 where it raised none). */
function dayRows(r: BacktestResult): DayRow[] {
  const byDay = (side: BacktestSide | null) => new Map((side?.per_day ?? []).map((d) => [d.day, d]));
  const edited = byDay(r.edited);
  const saved = r.saved ? byDay(r.saved) : null;
  const rows: DayRow[] = [];
  for (let t = Date.parse(r.from.slice(0, 10)); t <= Date.parse(r.to); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    rows.push({ day, edited: edited.get(day)?.alerts ?? 0, edited_told: edited.get(day)?.told ?? 0, saved: saved ? (saved.get(day)?.alerts ?? 0) : null });
  }
  return rows;
}

const tick = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const n = (x: number) => x.toLocaleString();
const diff = (edited: number, saved: number | undefined) => (saved === undefined || saved === edited ? '' : ` (saved: ${n(saved)})`);

/**
 * The backtest: the rule as edited replayed over the last days of history, side by side with the
 * rule as saved — alerts per day, who would have been told how often, the noisiest resources and
 * what the replay cannot know. Run on request (it reads the history), before saving.
 */
export function RuleBacktestPanel({ rule, blocked, stale }: { rule: RulePreviewInput; blocked: string | null; stale: (ran: RulePreviewInput) => boolean }) {
  const [days, setDays] = useState<(typeof DAYS)[number]>(7);
  const run = useMutation({ mutationFn: (input: { rule: RulePreviewInput; days: number }) => backtestRuleRequest(input) });
  const result = run.data;
  const ranWith = run.variables?.rule;
  return (
    <section aria-labelledby="backtest-heading" data-testid="rule-backtest" data-loading={run.isPending} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id="backtest-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Over past days
      </h2>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">Replays the rule as edited at each run of its check, beside the rule as saved. Nothing is sent.</p>
      <form
        className="mt-2 flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) run.mutate({ rule, days });
        }}
      >
        <label className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Last
          <select data-testid="backtest-days" className={`mt-1 block ${fieldClass}`} value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof DAYS)[number])}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '24 hours' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          data-testid="backtest-run"
          disabled={!!blocked || run.isPending}
          className="inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          {run.isPending ? 'Replaying…' : 'Replay'}
        </button>
      </form>

      <div aria-live="polite" className="mt-3 text-sm">
        {blocked ? (
          <p className="text-slate-600 dark:text-slate-400">The replay is ready once the rule is complete.</p>
        ) : run.isPending && !result ? (
          <div data-testid="backtest-skeleton" className="h-56 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />
        ) : run.error ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            The replay failed: {run.error.message}
          </p>
        ) : !result ? (
          <p className="text-slate-500 dark:text-slate-400">See what this rule would have raised, and for whom, before it pages anyone.</p>
        ) : !result.replayable || !result.edited ? (
          <p data-testid="backtest-unreplayable" className="text-slate-600 dark:text-slate-400">
            {result.caveats[0]}
          </p>
        ) : (
          <div className={`space-y-3 ${run.isPending ? 'opacity-60' : ''}`}>
            {ranWith && stale(ranWith) && (
              <p data-testid="backtest-stale" className="rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
                The rule changed since this replay: replay again to see the change.
              </p>
            )}
            <Summary edited={result.edited} saved={result.saved} days={result.days} />
            <ChartCard
              id="backtest-per-day"
              title="Alerts per day"
              hint={result.saved ? 'As edited, beside the rule as saved' : 'As edited'}
              rows={dayRows(result)}
              columns={[
                { key: 'day', label: 'day', value: (r: DayRow) => r.day },
                { key: 'edited', label: 'as edited', value: (r: DayRow) => r.edited },
                { key: 'edited_told', label: 'as edited, told', value: (r: DayRow) => r.edited_told },
                ...(result.saved ? [{ key: 'saved', label: 'as saved', value: (r: DayRow) => r.saved } as Column<DayRow>] : []),
              ]}
            >
              <ResponsiveContainer>
                <BarChart data={dayRows(result)} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
                  <CartesianGrid strokeOpacity={0.15} vertical={false} />
                  <XAxis dataKey="day" tickFormatter={tick} {...axis} minTickGap={12} />
                  <YAxis allowDecimals={false} {...axis} />
                  <Tooltip labelFormatter={(l) => tick(String(l))} {...tooltip} />
                  <Legend wrapperStyle={{ fontSize: 12 }} formatter={(v) => <span className="text-slate-700 dark:text-slate-300">{v}</span>} />
                  <Bar dataKey="edited" name="as edited" fill={EDITED} isAnimationActive={false} />
                  {result.saved && <Bar dataKey="saved" name="as saved" fill={SAVED} isAnimationActive={false} />}
                </BarChart>
              </ResponsiveContainer>
            </ChartCard>
            <People edited={result.edited} saved={result.saved} />
            {result.edited.resources.length > 0 && (
              <div>
                <h3 className="text-xs font-semibold text-slate-700 dark:text-slate-300">Noisiest</h3>
                <ul className="mt-1 text-xs text-slate-700 dark:text-slate-300" data-testid="backtest-resources">
                  {result.edited.resources.slice(0, 5).map((r) => (
                    <li key={`${r.type}:${r.id}`} className="flex justify-between gap-2 py-0.5">
                      <span className="truncate">{r.label}</span>
                      <span className="shrink-0 tabular-nums">
                        {n(r.alerts)} {r.alerts === 1 ? 'alert' : 'alerts'}, {n(r.repeats)} repeats
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <details className="text-xs text-slate-600 dark:text-slate-400">
              <summary className="cursor-pointer font-medium">What a replay cannot know</summary>
              <ul className="mt-1 list-disc space-y-1 pl-4">
                {result.caveats.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </details>
          </div>
        )}
      </div>
    </section>
  );
}

function Summary({ edited, saved, days }: { edited: BacktestSide; saved: BacktestSide | null; days: number }) {
  const c = edited.counts;
  const quiet = c.alerts - c.told;
  return (
    <p data-testid="backtest-summary" className="text-slate-800 dark:text-slate-200">
      In {days === 1 ? '24 hours' : `${days} days`}: <strong>{n(c.alerts)}</strong> {c.alerts === 1 ? 'alert' : 'alerts'}
      {diff(c.alerts, saved?.counts.alerts)}, <strong>{n(c.told)}</strong> told{diff(c.told, saved?.counts.told)} and <strong>{n(c.retold)}</strong> repeats
      {diff(c.retold, saved?.counts.retold)}, reaching <strong>{n(edited.people_total)}</strong> {edited.people_total === 1 ? 'person' : 'people'}
      {diff(edited.people_total, saved?.people_total)}
      {quiet > 0 && <>; {n(quiet)} kept quiet (cap, grouping, silences)</>}.
    </p>
  );
}

function People({ edited, saved }: { edited: BacktestSide; saved: BacktestSide | null }) {
  if (edited.people.length === 0) return <p className="text-xs text-slate-500 dark:text-slate-400">Nobody would have been told.</p>;
  const before = new Map((saved?.people ?? []).map((p) => [p.user_id, p]));
  return (
    <div>
      <h3 className="text-xs font-semibold text-slate-700 dark:text-slate-300">Who would have been told</h3>
      <table className="mt-1 w-full text-left text-xs tabular-nums" data-testid="backtest-people">
        <thead>
          <tr className="text-slate-500 dark:text-slate-400">
            <th scope="col" className="py-0.5 font-medium">Person</th>
            <th scope="col" className="py-0.5 text-right font-medium">Told</th>
            <th scope="col" className="py-0.5 text-right font-medium">Emails</th>
            {saved && <th scope="col" className="py-0.5 text-right font-medium">Saved</th>}
          </tr>
        </thead>
        <tbody className="text-slate-800 dark:text-slate-200">
          {edited.people.slice(0, 8).map((p) => (
            <tr key={p.user_id} className="border-t border-slate-100 dark:border-slate-800">
              <td className="max-w-0 truncate py-0.5">{p.name}</td>
              <td className="py-0.5 text-right">{n(p.told)}</td>
              <td className="py-0.5 text-right">{n(p.emails)}</td>
              {saved && <td className="py-0.5 text-right text-slate-500 dark:text-slate-400">{before.has(p.user_id) ? n(before.get(p.user_id)!.told) : '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {edited.people_total > 8 && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">and {n(edited.people_total - 8)} more</p>}
    </div>
  );
}
