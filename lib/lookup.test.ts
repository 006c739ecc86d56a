import { describe, expect, it } from 'vitest';
import { CHECKS } from '@/lib/checks/registry';
import { JOBS } from '@/lib/cron/jobs';
import { resourceLabel } from '@/lib/alerts/resource-label';
import { lookupTable } from './lookup';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('lookupTable', () => {
  it('finds its own entries, from an object or from pairs', () => {
    expect(lookupTable({ a: 1 }).a).toBe(1);
    expect(lookupTable([['b', 2] as const]).b).toBe(2);
  });

  it('finds nothing under a prototype name, in any table looked up by a name from a request', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(lookupTable({ a: 1 })[name]).toBeUndefined();
      expect(JOBS[name]).toBeUndefined();
      expect(CHECKS[name]).toBeUndefined();
      expect(resourceLabel({ type: 'queue', id: name })).toBe(`Queue ${name}`);
    }
  });
});
