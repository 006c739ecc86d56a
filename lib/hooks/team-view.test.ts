import { describe, expect, it } from 'vitest';
import { decodeOpenCursor, encodeOpenCursor, openAlertsQuerySchema } from '@/lib/validation/open-alerts';
import { NO_TEAM_FILTERS, parseTeamFilters, teamQuery, teamSearch } from './team-view';

describe('team view filters in the URL', () => {
  it('round-trips through the query string under the API’s names', () => {
    const filters = { severity: 'error', alert_type: 'sla_breach', owner: 12, unowned: false } as const;
    expect(teamSearch(filters)).toBe('?severity=error&alert_type=sla_breach&owner=12');
    expect(parseTeamFilters(new URLSearchParams(teamSearch(filters)))).toEqual(filters);
    expect(teamSearch(NO_TEAM_FILTERS)).toBe('');
    expect(teamSearch({ ...NO_TEAM_FILTERS, unowned: true })).toBe('?unowned=true');
  });

  it('drops what is malformed instead of breaking the page; a named owner wins over unowned', () => {
    expect(parseTeamFilters({ severity: 'loud', alert_type: 'DROP TABLE', owner: '0', unowned: 'yes' })).toEqual(NO_TEAM_FILTERS);
    expect(parseTeamFilters({ owner: ['7', '8'], unowned: 'true' })).toEqual({ ...NO_TEAM_FILTERS, owner: 7 });
  });

  it('makes a query the API schema accepts', () => {
    const q = teamQuery({ severity: 'warning', alert_type: null, owner: null, unowned: true });
    expect(openAlertsQuerySchema.parse({ severity: q.severity, unowned: 'true' })).toMatchObject({ severity: 'warning', unowned: true, page_size: 25 });
  });
});

describe('the open alerts cursor', () => {
  it('is opaque, round-trips any resource id, and rejects anything it did not make', () => {
    const c = { worst: 4, opened: '2026-11-30T18:00:00.123456Z', type: 'payment_provider', id: 'stripe|eu ✓' };
    const raw = encodeOpenCursor(c);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOpenCursor(raw)).toEqual(c);
    for (const bad of ['', '!!', 'eyJ4Ijox', encodeOpenCursor({ ...c, worst: 9 }), encodeOpenCursor({ ...c, opened: 'yesterday' }), encodeOpenCursor({ ...c, id: 'a\u0000b' })]) {
      expect(decodeOpenCursor(bad), bad).toBeNull();
    }
  });
});
