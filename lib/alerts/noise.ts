import type { AlertConfig } from '@/lib/validation/rules';

/** A rule's last 30 days as its recipients lived them (lib/alerts/rules.ts computes it in SQL). */
export type Noise = {
  alerts_30d: number;
  acknowledged_share: number | null;
  /** resolved with nobody acknowledging: the condition went away on its own */
  unattended_share: number | null;
  /** someone dismissed it unread or snoozed it */
  ignored_share: number | null;
  median_action_s: number | null;
};

export const SUGGESTIONS = ['cooldown', 'group', 'severity'] as const;
export type SuggestionKind = (typeof SUGGESTIONS)[number];
export type Suggestion = { kind: SuggestionKind; why: string; change: string };

/** Below this many alerts a month a rule is not noisy, whatever its shares. */
const MIN_ALERTS = 20;

/**
 * What to change about a noisy rule, as an ops lead would put it. A rule whose alerts mostly clear
 * by themselves wants a longer cooldown (its repeats and flaps are not news); one that fires in
 * bursts wants its repeats grouped; one people dismiss or snooze unread is louder than it matters.
 */
export function suggestFor(noise: Noise, fired24h: number, cfg: Pick<AlertConfig, 'cooldown_minutes' | 'group_window_minutes' | 'severity'>): Suggestion | null {
  if (noise.alerts_30d < MIN_ALERTS && fired24h < 50) return null;
  if (fired24h >= 50 && cfg.group_window_minutes === undefined) {
    return { kind: 'group', why: `${fired24h} alerts in the last 24 h`, change: describeChange('group', cfg) };
  }
  if ((noise.unattended_share ?? 0) >= 0.6) {
    return {
      kind: 'cooldown',
      why: `${Math.round((noise.unattended_share ?? 0) * 100)}% of its alerts cleared with nobody acting`,
      change: `${describeChange('cooldown', cfg)} (or a higher threshold)`,
    };
  }
  if ((noise.ignored_share ?? 0) >= 0.3 && cfg.severity !== 'info') {
    return {
      kind: 'severity',
      why: `${Math.round((noise.ignored_share ?? 0) * 100)}% dismissed or snoozed unread`,
      change: describeChange('severity', cfg),
    };
  }
  return null;
}

const nextCooldown = (m: number) => Math.min(10_080, Math.max(60, m * 2));
const lower = (s: AlertConfig['severity']): AlertConfig['severity'] => (s === 'critical' ? 'error' : s === 'error' ? 'warning' : 'info');

/** A suggested change in words, from the rule as it is: "cooldown 30 → 60 minutes". */
export function describeChange(kind: SuggestionKind, cfg: Pick<AlertConfig, 'cooldown_minutes' | 'group_window_minutes' | 'severity'>): string {
  switch (kind) {
    case 'cooldown':
      return `cooldown ${cfg.cooldown_minutes} → ${nextCooldown(cfg.cooldown_minutes)} minutes`;
    case 'group':
      return `group repeats within ${cfg.group_window_minutes ?? 15} minutes into one alert`;
    case 'severity':
      return `severity ${cfg.severity} → ${lower(cfg.severity)}`;
  }
}

/** The suggestion applied to a rule's alert_config: what the editor opens with, for the admin to review and save. */
export function applySuggestion(cfg: AlertConfig, kind: SuggestionKind): AlertConfig {
  switch (kind) {
    case 'cooldown':
      return { ...cfg, cooldown_minutes: nextCooldown(cfg.cooldown_minutes) };
    case 'group':
      return { ...cfg, group_window_minutes: cfg.group_window_minutes ?? 15 };
    case 'severity':
      return { ...cfg, severity: lower(cfg.severity) };
  }
}
