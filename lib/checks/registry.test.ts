import { describe, expect, it } from 'vitest';
import { CHECKS, RULE_TYPE_OF_CHECK } from './registry';

describe('check registry', () => {
  it('knows the rule type of every check, and of no other', () => {
    expect(Object.keys(RULE_TYPE_OF_CHECK).sort()).toEqual(Object.keys(CHECKS).sort());
  });
});
