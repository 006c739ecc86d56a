import { describe, expect, it } from 'vitest';
import { centerSearch, DEFAULT_FILTERS, feedQuery, parseCenterFilters } from './center-filters';

describe('center filters in the URL', () => {
  it('round-trips through the query string, leaving defaults out', () => {
    const filters = { tab: 'unread', severity: 'critical', type: 'sla_breach', q: 'boiler leak' } as const;
    expect(centerSearch(filters)).toBe('?tab=unread&severity=critical&type=sla_breach&q=boiler+leak');
    expect(parseCenterFilters(new URLSearchParams(centerSearch(filters)))).toEqual(filters);
    expect(centerSearch(DEFAULT_FILTERS)).toBe('');
  });

  it('falls back to the defaults for anything it does not know, rather than breaking the page', () => {
    expect(parseCenterFilters(new URLSearchParams('tab=everything&severity=apocalyptic&type=DROP%20TABLE&q=%20%20'))).toEqual(DEFAULT_FILTERS);
  });

  it('reads Next.js searchParams objects too (arrays take the first value)', () => {
    expect(parseCenterFilters({ tab: ['resolved', 'all'], q: ' C-1001 ' })).toEqual({ ...DEFAULT_FILTERS, tab: 'resolved', q: 'C-1001' });
  });

  it('asks the API for the tab as view, with the keyset cursor', () => {
    expect(feedQuery({ tab: 'dismissed', severity: null, type: 'kpi_threshold', q: null }, 'start', 25)).toEqual({
      view: 'dismissed',
      severity: undefined,
      alert_type: 'kpi_threshold',
      q: undefined,
      cursor: 'start',
      page_size: 25,
    });
  });
});
