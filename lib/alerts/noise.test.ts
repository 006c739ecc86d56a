import { describe, expect, it } from 'vitest';
import { applySuggestion, suggestFor, type Noise } from './noise';
import type { AlertConfig } from '@/lib/validation/rules';

const cfg = { severity: 'warning', cooldown_minutes: 30, title_template: 't', message_template: '', recipients: ['assignee'], fallback_recipients: [], channels: ['in_app'], auto_resolve: true } as AlertConfig;
const noise = (n: Partial<Noise>): Noise => ({ alerts_30d: 40, acknowledged_share: 0.5, unattended_share: 0.2, ignored_share: 0.1, median_action_s: 300, ...n });

describe('noise suggestions', () => {
  it('says nothing about a quiet rule, or one people act on', () => {
    expect(suggestFor(noise({ alerts_30d: 5, unattended_share: 1 }), 0, cfg)).toBeNull();
    expect(suggestFor(noise({}), 3, cfg)).toBeNull();
  });

  it('suggests a longer cooldown when most alerts clear with nobody acting, and applies it', () => {
    const s = suggestFor(noise({ unattended_share: 0.75 }), 2, cfg)!;
    expect(s).toEqual({ kind: 'cooldown', why: '75% of its alerts cleared with nobody acting', change: 'cooldown 30 → 60 minutes (or a higher threshold)' });
    expect(applySuggestion(cfg, 'cooldown').cooldown_minutes).toBe(60);
    expect(applySuggestion({ ...cfg, cooldown_minutes: 240 }, 'cooldown').cooldown_minutes).toBe(480);
  });

  it('suggests grouping a burst, and a lower severity for what people dismiss unread', () => {
    expect(suggestFor(noise({ alerts_30d: 3 }), 80, cfg)).toMatchObject({ kind: 'group', why: '80 alerts in the last 24 h' });
    expect(suggestFor(noise({ alerts_30d: 3 }), 80, { ...cfg, group_window_minutes: 10 })).toBeNull();
    expect(applySuggestion(cfg, 'group').group_window_minutes).toBe(15);
    expect(suggestFor(noise({ ignored_share: 0.5 }), 0, { ...cfg, severity: 'critical' })).toMatchObject({ kind: 'severity', change: 'severity critical → error' });
    expect(suggestFor(noise({ ignored_share: 0.5 }), 0, { ...cfg, severity: 'info' })).toBeNull();
  });
});
