'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Analytics, Bucket } from '@/lib/analytics/analytics';
import { bucketsFor, RANGES, viewSearch, type AnalyticsView, type Range } from '@/lib/analytics/view';
import { useAnalytics } from '@/lib/hooks/use-analytics';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { fieldClass } from '@/components/ui/field';
import { axis, ChartCard, tooltip, type Column } from './chart-card';

/**
 * Colour-blind-safe colours (Paul Tol's bright and muted schemes), the same in light and dark
 * mode; severity also reads from the legend and the table, never from colour alone.
 */
const SEVERITY_COLOR = { info: '#4477AA', warning: '#CCBB44', error: '#EE6677', critical: '#AA3377' } as const;
const C = { opened: '#4477AA', resolved: '#228833', open: '#EE6677', p50: '#4477AA', p90: '#AA3377', met: '#228833', breached: '#EE6677', ack: '#66CCEE' };
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

type Series = Analytics['series'][number];

const fmtTick = (bucket: Bucket) => (t: string) => {
  const d = new Date(t);
  return bucket === 'hour'
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
};
const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
const duration = (s: number | null) => (s === null ? '–' : s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round((s / 3600) * 10) / 10} h`);
const pct = (x: number) => `${Math.round(x * 100)}%`;


type Lead = { id: number; name: string };

export function AnalyticsClient({ view, initial, leads }: { view: AnalyticsView; initial: Analytics; leads: Lead[] | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [navigating, startNavigation] = useTransition();
  const q = useAnalytics(view, initial);
  const data = q.data ?? initial;
  const busy = navigating || q.isFetching;
  const go = (next: Partial<AnalyticsView>) => {
    const merged = { ...view, ...next };
    if (!bucketsFor(merged.range).includes(merged.bucket)) merged.bucket = bucketsFor(merged.range)[0]!;
    startNavigation(() => router.replace(`/analytics?${viewSearch(merged)}`, { scroll: false }));
  };
  const tick = fmtTick(data.bucket);
  const t = (label: string): Column<Series> => ({ key: 't', label, value: (r) => r.t });
  const noAlerts = data.totals.alerts === 0 ? 'No alerts in this range.' : null;

  return (
    <div className="space-y-4" data-testid="analytics" aria-busy={busy} data-hydrated={hydrated}>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()} aria-label="Analytics filters">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          Range
          <select data-testid="analytics-range" className={fieldClass} value={view.range} onChange={(e) => go({ range: e.target.value as Range })}>
            {(Object.keys(RANGES) as Range[]).map((r) => (
              <option key={r} value={r}>
                {r === '24h' ? 'Last 24 hours' : `Last ${RANGES[r]} days`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
          Per
          <select data-testid="analytics-bucket" className={fieldClass} value={view.bucket} onChange={(e) => go({ bucket: e.target.value as Bucket })}>
            {bucketsFor(view.range).map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        {leads && (
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
            Team
            <select
              data-testid="analytics-team"
              className={fieldClass}
              value={view.team ?? ''}
              onChange={(e) => go({ team: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">Everyone</option>
              {leads.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}&rsquo;s team
                </option>
              ))}
            </select>
          </label>
        )}
        <p className="ml-auto text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {busy ? 'Updating…' : q.isError ? 'Could not refresh; showing the last numbers.' : data.team ? `${data.team.name}’s team` : 'Everyone'}
        </p>
      </form>

      <dl className={`grid grid-cols-2 gap-2 transition-opacity sm:grid-cols-5 ${busy ? 'opacity-60' : ''}`} data-testid="analytics-totals">
        {[
          ['Alerts', String(data.totals.alerts), 'alerts'],
          ['Open now', String(data.totals.open_now), 'open'],
          ['Time to acknowledge (median)', duration(data.totals.mtta_p50_s), 'mtta'],
          ['Time to resolve (median)', duration(data.totals.mttr_p50_s), 'mttr'],
          ['SLA breaches', String(data.totals.sla_breaches), 'breaches'],
        ].map(([label, value, key]) => (
          <div key={key} className="rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
            <dd className="text-lg font-semibold text-slate-900 tabular-nums dark:text-slate-50" data-testid={`total-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <div className={`grid gap-4 transition-opacity lg:grid-cols-2 ${busy ? 'opacity-60' : ''}`}>
        <ChartCard
          id="alerts-by-severity"
          title={`Alerts per ${data.bucket} by severity`}
          hint="What the team was asked to look at."
          empty={noAlerts}
          rows={data.series}
          columns={[t(data.bucket), ...SEVERITIES.map((s): Column<Series> => ({ key: s, label: s, value: (r) => r.alerts[s] }))]}
        >
          <ResponsiveContainer>
            <BarChart data={data.series} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="t" tickFormatter={tick} {...axis} minTickGap={16} />
              <YAxis allowDecimals={false} {...axis} />
              <Tooltip labelFormatter={(l) => tick(String(l))} {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {[...SEVERITIES].reverse().map((s) => (
                <Bar key={s} dataKey={`alerts.${s}`} name={s} stackId="sev" fill={SEVERITY_COLOR[s]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="open-vs-resolved"
          title="Opened, resolved, and open at the end"
          hint="Is the pile growing? The line is what was still open."
          rows={data.series}
          columns={[t(data.bucket), { key: 'opened', label: 'opened', value: (r) => r.opened }, { key: 'resolved', label: 'resolved', value: (r) => r.resolved }, { key: 'open', label: 'open at end', value: (r) => r.open_at_end }]}
        >
          <ResponsiveContainer>
            <ComposedChart data={data.series} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="t" tickFormatter={tick} {...axis} minTickGap={16} />
              <YAxis allowDecimals={false} {...axis} />
              <Tooltip labelFormatter={(l) => tick(String(l))} {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="opened" name="opened" fill={C.opened} isAnimationActive={false} />
              <Bar dataKey="resolved" name="resolved" fill={C.resolved} isAnimationActive={false} />
              <Line dataKey="open_at_end" name="open at end" stroke={C.open} strokeWidth={2} dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="response-times"
          title="Time to acknowledge and to resolve (minutes)"
          hint="Median and 90th percentile of the alerts opened in each period."
          empty={noAlerts}
          rows={data.series}
          columns={[
            t(data.bucket),
            { key: 'mtta50', label: 'ack p50 (min)', value: (r) => minutes(r.mtta_p50_s) },
            { key: 'mtta90', label: 'ack p90 (min)', value: (r) => minutes(r.mtta_p90_s) },
            { key: 'mttr50', label: 'resolve p50 (min)', value: (r) => minutes(r.mttr_p50_s) },
            { key: 'mttr90', label: 'resolve p90 (min)', value: (r) => minutes(r.mttr_p90_s) },
          ]}
        >
          <ResponsiveContainer>
            <LineChart data={data.series.map((r) => ({ t: r.t, a50: minutes(r.mtta_p50_s), a90: minutes(r.mtta_p90_s), r50: minutes(r.mttr_p50_s), r90: minutes(r.mttr_p90_s) }))} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="t" tickFormatter={tick} {...axis} minTickGap={16} />
              <YAxis {...axis} />
              <Tooltip labelFormatter={(l) => tick(String(l))} {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line dataKey="a50" name="acknowledge p50" stroke={C.ack} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
              <Line dataKey="a90" name="acknowledge p90" stroke={C.ack} strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />
              <Line dataKey="r50" name="resolve p50" stroke={C.p90} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
              <Line dataKey="r90" name="resolve p90" stroke={C.p90} strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="sla"
          title="SLA: complaints due, met or breached"
          hint="Complaints by the period their resolution was due; the line counts breach alerts raised."
          rows={data.series}
          columns={[
            t(data.bucket),
            { key: 'met', label: 'met', value: (r) => r.complaints_met },
            { key: 'breached', label: 'breached', value: (r) => r.complaints_breached },
            { key: 'alerts', label: 'breach alerts', value: (r) => r.sla_breaches },
          ]}
        >
          <ResponsiveContainer>
            <ComposedChart data={data.series} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="t" tickFormatter={tick} {...axis} minTickGap={16} />
              <YAxis allowDecimals={false} {...axis} />
              <Tooltip labelFormatter={(l) => tick(String(l))} {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="complaints_met" name="met" stackId="due" fill={C.met} isAnimationActive={false} />
              <Bar dataKey="complaints_breached" name="breached" stackId="due" fill={C.breached} isAnimationActive={false} />
              <Line dataKey="sla_breaches" name="breach alerts" stroke={SEVERITY_COLOR.critical} strokeWidth={2} dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="deliveries"
          title="Deliveries by channel and outcome"
          hint={
            Object.keys(data.delivery_p95_s).length
              ? `Alert → message, p95: ${Object.entries(data.delivery_p95_s)
                  .map(([ch, s]) => `${ch} ${duration(s)}`)
                  .join(', ')}`
              : 'Email, Slack and webhook messages of these alerts.'
          }
          empty={data.deliveries.length ? null : 'No messages went out for these alerts.'}
          rows={data.deliveries}
          columns={[
            { key: 'channel', label: 'channel', value: (r) => r.channel },
            { key: 'status', label: 'outcome', value: (r) => r.status },
            { key: 'n', label: 'messages', value: (r) => r.n },
          ]}
        >
          <ResponsiveContainer>
            <BarChart data={deliveryRows(data)} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeOpacity={0.15} horizontal={false} />
              <XAxis type="number" allowDecimals={false} {...axis} />
              <YAxis type="category" dataKey="channel" width={64} {...axis} />
              <Tooltip {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {OUTCOMES.map(([o, color]) => (
                <Bar key={o} dataKey={o} name={o} stackId="o" fill={color} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="load-per-person"
          title="Alert load per person"
          hint="Alerts that reached each person, and how many of those were acknowledged."
          empty={data.people.length ? null : 'Nobody received alerts in this range.'}
          rows={data.people}
          columns={[
            { key: 'name', label: 'person', value: (r) => r.name },
            { key: 'alerts', label: 'alerts', value: (r) => r.alerts },
            { key: 'ack', label: 'acknowledged', value: (r) => r.acknowledged },
          ]}
        >
          <ResponsiveContainer>
            <BarChart data={data.people.slice(0, 10)} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeOpacity={0.15} horizontal={false} />
              <XAxis type="number" allowDecimals={false} {...axis} />
              <YAxis type="category" dataKey="name" width={96} {...axis} />
              <Tooltip {...tooltip} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="alerts" name="alerts" fill={C.opened} isAnimationActive={false} />
              <Bar dataKey="acknowledged" name="acknowledged" fill={C.resolved} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </div>

      <ChartCard
        id="noisiest-rules"
        title="The noisiest rules"
        hint="Most alerts first. A rule whose alerts mostly resolve with nobody acting is a candidate for a higher threshold, a cooldown or grouping."
        empty={data.rules.length ? null : 'No rule raised alerts in this range.'}
        rows={data.rules}
        columns={[
          { key: 'rule', label: 'rule', value: (r) => r.rule_name },
          { key: 'alerts', label: 'alerts', value: (r) => r.alerts },
          { key: 'ack', label: 'acknowledged', value: (r) => pct(r.acknowledged_share) },
          { key: 'unattended', label: 'resolved with nobody acting', value: (r) => pct(r.unattended_share) },
        ]}
      >
        <ResponsiveContainer>
          <BarChart data={data.rules} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeOpacity={0.15} horizontal={false} />
            <XAxis type="number" allowDecimals={false} {...axis} />
            <YAxis type="category" dataKey="rule_name" width={170} {...axis} />
            <Tooltip {...tooltip} />
            <Bar dataKey="alerts" name="alerts" fill={C.opened} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}

const OUTCOMES: [string, string][] = [
  ['sent', '#228833'],
  ['pending', '#66CCEE'],
  ['sending', '#4477AA'],
  ['failed', '#CCBB44'],
  ['dead', '#EE6677'],
  ['skipped', '#BBBBBB'],
];

/** One row per channel with a column per outcome, for a stacked bar. */
function deliveryRows(data: Analytics) {
  const rows = new Map<string, Record<string, number | string>>();
  for (const d of data.deliveries) {
    const row = rows.get(d.channel) ?? { channel: d.channel };
    row[d.status] = d.n;
    rows.set(d.channel, row);
  }
  return [...rows.values()];
}
