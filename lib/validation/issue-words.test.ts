import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueInWords } from './issue-words';
import { ruleShapeSchema } from './rules';

const firstIssue = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected an issue');
  return r.error.issues[0]!;
};

describe('schema issues in words', () => {
  it.each([
    ['a missing value', z.object({ a: z.string() }), {}, 'Title is required.'],
    ['an empty required text', z.string().min(1), '', 'Title is required.'],
    ['a number under its minimum', z.number().int().min(1), -5, 'Title must be at least 1.'],
    ['a number over its maximum', z.number().max(10_080), 20_000, 'Title must be at most 10080.'],
    ['an exclusive minimum', z.number().gt(0), 0, 'Title must be more than 0.'],
    ['a wrong type', z.number(), 'x', 'Title must be a number.'],
    ['an empty list', z.array(z.string()).min(1), [], 'Choose at least one for title.'],
    ['a choice not offered', z.enum(['a', 'b']), 'c', 'Title must be one of: a, b.'],
    ['a bad email', z.email(), 'nope', 'Title must be an email address.'],
    ['a regex without words', z.string().regex(/^[a-z]+$/), 'A1', 'Title must be in the expected form.'],
    ['a regex with words', z.string().regex(/^[a-z]+$/, 'Use lowercase letters'), 'A1', 'Title: use lowercase letters'],
    ['a refinement that speaks for itself', z.string().refine(() => false, 'set min_failures, min_failure_rate or both'), 'x', 'Set min_failures, min_failure_rate or both.'],
  ])('%s', (_name, schema, value, words) => {
    expect(issueInWords(firstIssue(schema, value) as never, 'Title')).toBe(words);
  });

  it('never shows a regex, a type dump or JSON for a whole rule form', () => {
    const r = ruleShapeSchema.safeParse({ rule_name: 'Bad Name', rule_type: 'sla', check: 'sla_at_risk', alert_config: { severity: 'loud', cooldown_minutes: -1, recipients: ['everyone'] } });
    expect(r.success).toBe(false);
    for (const issue of r.error!.issues) {
      const words = issueInWords(issue as never, 'Field');
      expect(words).not.toMatch(/[\^$\\[\]{}]|expected|received|Invalid/);
    }
  });
});
