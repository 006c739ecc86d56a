import type { EventCondition, EventMatchConditions } from '@/lib/validation/events';

/** An incoming event as event rules see it. */
export type MatchableEvent = {
  event_type: string;
  severity?: string;
  title?: string;
  message?: string;
  resource?: { type: string; id: string };
  attributes: Record<string, unknown>;
  fingerprint?: string;
  status: 'firing' | 'resolved';
  /** a firing alert with no news by then resolves by itself (Alertmanager's endsAt) */
  expires_at?: string;
};

function lookup(attributes: Record<string, unknown>, path: string): unknown {
  let value: unknown = attributes;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

/** One `attr op value` condition; a missing attribute fails every op but `!=` and `not_in`. */
export function conditionHolds(attributes: Record<string, unknown>, c: EventCondition): boolean {
  const actual = lookup(attributes, c.attr);
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case '==':
      return actual !== undefined && String(actual) === String(c.value);
    case '!=':
      return actual === undefined || String(actual) !== String(c.value);
    case 'in':
      return actual !== undefined && list.some((v) => String(v) === String(actual));
    case 'not_in':
      return actual === undefined || !list.some((v) => String(v) === String(actual));
    case 'contains':
      return typeof actual === 'string' && typeof c.value === 'string' && actual.toLowerCase().includes(c.value.toLowerCase());
    default: {
      const a = num(actual);
      const b = num(c.value);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return c.op === '>' ? a > b : c.op === '>=' ? a >= b : c.op === '<' ? a < b : a <= b;
    }
  }
}

/**
 * Does an event rule's `event_type` and every `where` condition match this event? A `resolved`
 * event needs only the type: its attributes describe recovery, not the condition that fired.
 */
export function eventMatches(conditions: EventMatchConditions, event: MatchableEvent): boolean {
  const types = Array.isArray(conditions.event_type) ? conditions.event_type : [conditions.event_type];
  if (!types.includes(event.event_type) && !types.includes('*')) return false;
  return event.status === 'resolved' || conditions.where.every((c) => conditionHolds(event.attributes, c));
}

/** Events with the same key are one alert. */
export function eventKey(event: MatchableEvent): string {
  return event.fingerprint ?? (event.resource ? `${event.resource.type}:${event.resource.id}` : event.event_type);
}
