import { describe, expect, it } from 'vitest';
import { conditionHolds, eventKey, eventMatches, type MatchableEvent } from './match';

const ev = (attributes: Record<string, unknown>, extra: Partial<MatchableEvent> = {}): MatchableEvent => ({
  event_type: 'circuit_breaker_opened',
  attributes,
  status: 'firing',
  ...extra,
});

describe('event rule matching', () => {
  const rule = {
    event_type: 'circuit_breaker_opened',
    where: [
      { attr: 'provider', op: 'in' as const, value: ['openai', 'anthropic'] },
      { attr: 'consecutive_failures', op: '>=' as const, value: 5 },
    ],
  };

  it('matches the seeds example: provider in [...] and consecutive_failures >= 5', () => {
    expect(eventMatches(rule, ev({ provider: 'openai', consecutive_failures: 5 }))).toBe(true);
    expect(eventMatches(rule, ev({ provider: 'openai', consecutive_failures: 4 }))).toBe(false);
    expect(eventMatches(rule, ev({ provider: 'mistral', consecutive_failures: 9 }))).toBe(false);
    expect(eventMatches(rule, ev({ provider: 'openai', consecutive_failures: 7 }, { event_type: 'other' }))).toBe(false);
  });

  it('compares numbers given as strings, and never matches non-numbers numerically', () => {
    expect(conditionHolds({ n: '12' }, { attr: 'n', op: '>', value: 3 })).toBe(true);
    expect(conditionHolds({ n: 'many' }, { attr: 'n', op: '>', value: 3 })).toBe(false);
    expect(conditionHolds({}, { attr: 'n', op: '<', value: 3 })).toBe(false);
  });

  it('handles missing attributes, nested paths, exists, contains and negations', () => {
    expect(conditionHolds({ a: { b: 'x' } }, { attr: 'a.b', op: '==', value: 'x' })).toBe(true);
    expect(conditionHolds({}, { attr: 'a', op: '!=', value: 'x' })).toBe(true);
    expect(conditionHolds({}, { attr: 'a', op: 'not_in', value: ['x'] })).toBe(true);
    expect(conditionHolds({ a: null }, { attr: 'a', op: 'exists' })).toBe(false);
    expect(conditionHolds({ msg: 'Card DECLINED' }, { attr: 'msg', op: 'contains', value: 'declined' })).toBe(true);
    expect(conditionHolds({ constructor: 1 }, { attr: 'toString', op: 'exists' })).toBe(false);
  });

  it('keys events by fingerprint, then resource, then type', () => {
    expect(eventKey(ev({}, { fingerprint: 'fp' }))).toBe('fp');
    expect(eventKey(ev({}, { resource: { type: 'provider', id: 'openai' } }))).toBe('provider:openai');
    expect(eventKey(ev({}))).toBe('circuit_breaker_opened');
  });
});

describe('resolved events', () => {
  it('match on the event type alone', () => {
    const rule = { event_type: 'circuit_breaker_opened', where: [{ attr: 'consecutive_failures', op: '>=' as const, value: 5 }] };
    expect(eventMatches(rule, ev({ consecutive_failures: 0 }, { status: 'resolved' }))).toBe(true);
    expect(eventMatches(rule, ev({}, { status: 'resolved', event_type: 'other' }))).toBe(false);
  });
});
