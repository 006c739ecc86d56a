import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render';

describe('renderTemplate', () => {
  it('fills top-level and nested paths', () => {
    const out = renderTemplate('{{complaint.title}} for {{ customer.name }} ({{severity}})', {
      severity: 'critical',
      complaint: { title: 'Broken heater' },
      customer: { name: 'Ada' },
    });
    expect(out).toBe('Broken heater for Ada (critical)');
  });

  it('walks deeply nested objects', () => {
    expect(renderTemplate('{{a.b.c.d}}', { a: { b: { c: { d: 'deep' } } } })).toBe('deep');
  });

  it.each([
    ['an unknown top-level key', '{{nope}}', {}],
    ['an unknown nested key', '[{{complaint.missing}}]', { complaint: {} }],
    ['a path through a primitive', '[{{complaint.title.length}}]', { complaint: { title: 'x' } }],
    ['a path through null', '[{{complaint.owner.name}}]', { complaint: { owner: null } }],
    ['a null value', '[{{value}}]', { value: null }],
    ['an undefined value', '[{{value}}]', { value: undefined }],
  ])('renders %s as an empty string', (_what, template, context) => {
    expect(renderTemplate(template, context)).toBe(template.startsWith('[') ? '[]' : '');
  });

  it('does not re-expand template text found inside a value', () => {
    const out = renderTemplate('Title: {{title}}', { title: 'evil {{secret}} and {{ secret }}', secret: 'LEAKED' });
    expect(out).toBe('Title: evil {{secret}} and {{ secret }}');
  });

  it('inserts replacement-pattern characters literally', () => {
    expect(renderTemplate('{{v}}', { v: "$& $1 $$ $` $'" })).toBe("$& $1 $$ $` $'");
  });

  it('keeps falsy but present values', () => {
    expect(renderTemplate('{{zero}}|{{no}}|{{empty}}', { zero: 0, no: false, empty: '' })).toBe('0|false|');
  });

  it('serialises object and array values as JSON', () => {
    expect(renderTemplate('{{obj}} {{list}}', { obj: { a: 1 }, list: [1, 'two'] })).toBe('{"a":1} [1,"two"]');
  });

  it('leaves text that is not a token alone', () => {
    const template = 'plain {single} {{ bad-token }} {{}} text';
    expect(renderTemplate(template, { single: 'x' })).toBe(template);
  });

  it('replaces every occurrence of the same token', () => {
    expect(renderTemplate('{{n}}-{{n}}-{{n}}', { n: 7 })).toBe('7-7-7');
  });
});
