import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { renderSql, renderTemplate } from './render';

/** renderSql (in the firing statement) renders every template as renderTemplate does. */
const CASES: [string, Record<string, unknown>][] = [
  ['{{complaint.title}} for {{ customer.name }} ({{severity}})', { severity: 'critical', complaint: { title: 'Broken heater' }, customer: { name: 'Ada' } }],
  ['{{a.b.c.d}}', { a: { b: { c: { d: 'deep' } } } }],
  ['[{{nope}}]', {}],
  ['[{{complaint.missing}}]', { complaint: {} }],
  ['[{{complaint.title.length}}]', { complaint: { title: 'x' } }],
  ['[{{complaint.owner.name}}]', { complaint: { owner: null } }],
  ['[{{value}}]', { value: null }],
  ['Title: {{title}}', { title: 'evil {{secret}} and {{ secret }}', secret: 'LEAKED' }],
  ['{{v}}', { v: "$& $1 $$ $` $' \\ \" '" }],
  ['{{zero}}|{{no}}|{{empty}}', { zero: 0, no: false, empty: '' }],
  ['{{n}} and {{f}}', { n: 42, f: 1.5 }],
  ['no placeholders at all', { a: 1 }],
  ['{{ a }}{{a}}{{a}}', { a: 'x' }],
  ['{{unclosed and {{a}} }}', { a: 'y' }],
  ['', { a: 1 }],
  ['{{list}}', { list: ['a', 'b'] }],
  ['ünïcødé {{name}} ✓', { name: 'Zoë' }],
];

describe('renderSql', () => {
  it.each(CASES)('renders %j as renderTemplate does', async (template, context) => {
    const [row] = await db.execute<{ out: string }>(sql`select ${renderSql(template, sql`${JSON.stringify(context)}::jsonb`)} as out`);
    // an array renders as JSON text on both sides; PostgreSQL spaces it as jsonb prints it
    const expected = renderTemplate(template, context).replace('["a","b"]', '["a", "b"]');
    expect(row!.out).toBe(expected);
  });

  it('renders a missing template, and a null context, as empty text', async () => {
    const [row] = await db.execute<{ a: string; b: string }>(sql`select ${renderSql(null, sql`'{}'::jsonb`)} as a, ${renderSql('[{{x}}]', sql`null::jsonb`)} as b`);
    expect(row).toEqual({ a: '', b: '[]' });
  });
});
