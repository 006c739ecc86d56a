'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Line, LineChart, ResponsiveContainer } from 'recharts';
import type { Analytics } from '@/lib/analytics/analytics';
import { request } from '@/lib/hooks/alerts-api';

const DAYS = 14;

async function fetchHeadline(signal?: AbortSignal): Promise<Analytics> {
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - DAYS * 86_400_000);
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket: 'day' });
  return (await request(`/api/v1/alerts/analytics?${q}`, { signal })).json();
}

const duration = (s: number | null) => (s === null ? '–' : s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round((s / 3600) * 10) / 10} h`);

function Spark({ values, color, label }: { values: (number | null)[]; color: string; label: string }) {
  return (
    <div className="h-8 w-24 shrink-0" role="img" aria-label={`${label}, last ${DAYS} days: ${values.map((v) => v ?? 'none').join(', ')}`}>
      <ResponsiveContainer>
        <LineChart data={values.map((v, i) => ({ i, v }))} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <Line dataKey="v" stroke={color} strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * A lead's numbers at a glance above the team view: open criticals, SLA breaches today, time to
 * acknowledge today, each with its last two weeks. Loaded after the page, in a box of fixed
 * height, so the open alerts below never move.
 */
export function Headline() {
  const q = useQuery({ queryKey: ['analytics', 'headline'], queryFn: ({ signal }) => fetchHeadline(signal), staleTime: 60_000, refetchInterval: 5 * 60_000 });
  const box = 'flex h-[4.5rem] items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white px-3 dark:border-slate-800 dark:bg-slate-900';
  if (!q.data) {
    return (
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3" data-testid="headline" aria-busy={q.isPending}>
        {[0, 1, 2].map((i) => (
          <div key={i} className={`${box} ${q.isError ? '' : 'animate-pulse'}`}>
            {q.isError && i === 0 && <span className="text-xs text-slate-500 dark:text-slate-400">Headline numbers unavailable right now.</span>}
          </div>
        ))}
      </div>
    );
  }
  const s = q.data.series;
  const today = s[s.length - 1];
  const tiles = [
    { key: 'critical', label: 'Open criticals', value: String(q.data.totals.open_critical_now), spark: s.map((b) => b.alerts.critical), sparkLabel: 'critical alerts a day', color: '#AA3377' },
    { key: 'breaches', label: 'SLA breaches today', value: String(today?.sla_breaches ?? 0), spark: s.map((b) => b.sla_breaches), sparkLabel: 'SLA breaches a day', color: '#EE6677' },
    { key: 'mtta', label: 'Time to acknowledge today', value: duration(today?.mtta_p50_s ?? null), spark: s.map((b) => b.mtta_p50_s), sparkLabel: 'median seconds to acknowledge a day', color: '#4477AA' },
  ];
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-3" data-testid="headline">
      {tiles.map((t) => (
        <Link key={t.key} href="/analytics" className={`${box} hover:border-slate-300 dark:hover:border-slate-700`} data-testid={`headline-${t.key}`}>
          <div className="min-w-0">
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{t.label}</p>
            <p className="text-lg font-semibold text-slate-900 tabular-nums dark:text-slate-50">{t.value}</p>
          </div>
          <Spark values={t.spark} color={t.color} label={t.sparkLabel} />
        </Link>
      ))}
    </div>
  );
}
