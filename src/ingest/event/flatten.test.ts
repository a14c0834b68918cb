import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FieldNames, flatten } from './flatten.js';

describe('flatten', () => {
  it('joins nested keys with dots and keeps arrays and flat objects as they are', () => {
    const flat = { a: 1, b: [{ c: 2 }] };
    expect(flatten(flat)).toBe(flat);
    expect(flatten({ alert: { signature: 'x', meta: { id: 3 } }, tags: ['t'] })).toEqual({
      'alert.signature': 'x',
      'alert.meta.id': 3,
      tags: ['t'],
    });
  });

  it('keeps a __proto__ key as data, never as the prototype', () => {
    const fields = flatten(JSON.parse('{"a":{"b":1},"__proto__":[1]}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toEqual([1]);
  });

  property.prop([fc.json({ maxDepth: 4 })])('gives the same fields with or without remembered names', (text) => {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const names = new FieldNames(3);
    const first = flatten(value as Record<string, unknown>, names);
    expect(flatten(value as Record<string, unknown>, names)).toEqual(first);
    expect(flatten(value as Record<string, unknown>)).toEqual(first);
  });
});
