import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wildcardMatcher } from './compile-condition.js';

const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const name = fc.string({ unit: fc.constantFrom('a', 'b', '_', '1', '.'), maxLength: 10 });
const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '_', '*', '.'), maxLength: 8 });

describe('wildcardMatcher', () => {
  test.prop([pattern, fc.array(name, { maxLength: 20 })])(
    'matches whole names exactly as the anchored wildcard regex does',
    (written, names) => {
      const matches = wildcardMatcher(written);
      const reference = new RegExp(`^${written.split('*').map(escapeRegex).join('.*')}$`);
      for (const item of names) expect(matches(item)).toBe(reference.test(item));
    },
  );

  it('finds the middle parts in order without overlapping the anchors', () => {
    expect(wildcardMatcher('selection_*')('selection_img')).toBe(true);
    expect(wildcardMatcher('*_img*')('selection_img_2')).toBe(true);
    expect(wildcardMatcher('ab*ba')('aba')).toBe(false);
    expect(wildcardMatcher('a*b*a')('aba')).toBe(true);
    expect(wildcardMatcher('filter')('filter_1')).toBe(false);
  });
});
