'use client';

import { useMemo } from 'react';
import { DIGEST_FREQUENCIES, SEVERITIES, type DigestFrequency, type Severity } from '@/db/schema';
import { Switch } from '@/components/ui/switch';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { usePreferences } from '@/lib/hooks/use-settings';
import { SaveStatus } from './save-status';
import { fieldClass } from '@/components/ui/field';

const SEVERITY_LABEL: Record<Severity, string> = { info: 'Info and above', warning: 'Warning and above', error: 'Error and above', critical: 'Critical only' };
const DEFAULT_QUIET = { start: '22:00', end: '07:00' };
const DIGEST_LABEL: Record<DigestFrequency, string> = { off: 'Off: each alert as it comes', hourly: 'Hourly', daily: 'Daily' };
const HOURS = Array.from({ length: 24 }, (_, h) => h);

const field = fieldClass;

/** Email on or off, the least severe alert worth an email, quiet hours in the person's time zone. */
export function EmailSettings({ email }: { email: string }) {
  const { query, save } = usePreferences();
  const hydrated = useHydrated();
  const prefs = query.data?.preferences;
  const zones = useTimeZones(hydrated, prefs?.timezone);
  if (!prefs) return null;
  const off = !prefs.email_enabled;
  const browserZone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;

  return (
    <section aria-labelledby="email-heading" className="rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-3 p-4">
        <div className="min-w-0">
          <h2 id="email-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            Email
          </h2>
          <p id="email-enabled-label" className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
            Send alerts to <span className="font-medium break-all text-slate-800 dark:text-slate-200">{email}</span>
          </p>
        </div>
        <Switch on={prefs.email_enabled} labelledBy="email-enabled-label" testId="email-enabled" onChange={(on) => save.mutate({ email_enabled: on })} />
      </div>

      <div className="grid gap-4 border-t border-slate-100 p-4 sm:grid-cols-2 dark:border-slate-800">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-800 dark:text-slate-200">Which alerts</span>
          <select
            data-testid="min-email-severity"
            className={field}
            disabled={off}
            value={prefs.min_email_severity}
            onChange={(e) => save.mutate({ min_email_severity: e.target.value as Severity })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-800 dark:text-slate-200">Time zone</span>
          <select data-testid="timezone" className={field} value={prefs.timezone} onChange={(e) => save.mutate({ timezone: e.target.value })}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          {browserZone && browserZone !== prefs.timezone && zones.includes(browserZone) && (
            <button
              type="button"
              className="self-start text-xs text-blue-700 hover:underline dark:text-blue-400"
              onClick={() => save.mutate({ timezone: browserZone })}
            >
              Use this device’s: {browserZone.replaceAll('_', ' ')}
            </button>
          )}
        </label>
      </div>

      <div className="border-t border-slate-100 p-4 dark:border-slate-800">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <p id="quiet-hours-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
              Quiet hours
            </p>
            <p className="text-xs text-slate-500 dark:text-slate-400">Email waits until they end. Critical alerts always come through.</p>
          </div>
          <Switch
            on={prefs.quiet_hours !== null}
            labelledBy="quiet-hours-label"
            testId="quiet-hours"
            disabled={off}
            onChange={(on) => save.mutate({ quiet_hours: on ? DEFAULT_QUIET : null })}
          />
        </div>
        {prefs.quiet_hours && (
          <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            {(
              [
                ['start', 'From', 'end'],
                ['end', 'to', 'start'],
              ] as const
            ).map(([edge, label, other]) => (
              <label key={edge} className="flex items-center gap-2">
                {label}
                <input
                  type="time"
                  data-testid={`quiet-${edge}`}
                  className={field}
                  disabled={off}
                  value={prefs.quiet_hours![edge]}
                  // a cleared input or start = end is not a window: it waits for a complete one
                  onChange={(e) => e.target.value && e.target.value !== prefs.quiet_hours![other] && save.mutate({ quiet_hours: { ...prefs.quiet_hours!, [edge]: e.target.value } })}
                />
              </label>
            ))}
          </div>
        )}
      </div>
      <div className="border-t border-slate-100 p-4 dark:border-slate-800">
        <p id="digest-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Digest
        </p>
        <p id="digest-help" className="text-xs text-slate-500 dark:text-slate-400">
          One email listing your unread open alerts by type, instead of one email per alert. Critical alerts still come at once.
        </p>
        {/* both controls always take their space (the hour is disabled unless daily): choosing does not move the page */}
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <label className="flex flex-col gap-1 text-sm">
            <span className="text-slate-700 dark:text-slate-300">How often</span>
            <select
              data-testid="digest-frequency"
              aria-describedby="digest-help"
              className={field}
              disabled={off}
              value={prefs.digest.frequency}
              onChange={(e) => save.mutate({ digest: { frequency: e.target.value as DigestFrequency } })}
            >
              {DIGEST_FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {DIGEST_LABEL[f]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="text-slate-700 dark:text-slate-300">At ({prefs.timezone.replaceAll('_', ' ')})</span>
            <select
              data-testid="digest-hour"
              className={field}
              disabled={off || prefs.digest.frequency !== 'daily'}
              value={prefs.digest.hour}
              onChange={(e) => save.mutate({ digest: { hour: Number(e.target.value) } })}
            >
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {`${String(h).padStart(2, '0')}:00`}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="px-4 pb-3">
        <SaveStatus state={save.status} error={save.error} />
      </div>
    </section>
  );
}

/** IANA zones for the picker, once in the browser (the server's list may differ); the saved one always included. */
function useTimeZones(hydrated: boolean, current: string | undefined): string[] {
  return useMemo(() => {
    const all = hydrated && typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [...new Set(['UTC', ...(current ? [current] : []), ...all])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
  }, [hydrated, current]);
}
