import { describe, expect, it } from 'vitest';
import { parseCondition } from './condition-parser.js';

describe('parseCondition', () => {
  it('gives not > and > or precedence', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'identifier', name: 'a' },
        {
          kind: 'and',
          operands: [
            { kind: 'identifier', name: 'b' },
            { kind: 'not', operand: { kind: 'identifier', name: 'c' } },
          ],
        },
      ],
    });
  });

  it('reads quantifiers and parentheses', () => {
    expect(parseCondition('(1 of selection_* or all of them) and not 1 of filter*')).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'quantified', quantifier: 'one', pattern: 'selection_*' },
            { kind: 'quantified', quantifier: 'all', pattern: 'them' },
          ],
        },
        { kind: 'not', operand: { kind: 'quantified', quantifier: 'one', pattern: 'filter*' } },
      ],
    });
  });

  it('rejects malformed and legacy conditions', () => {
    expect(() => parseCondition('a and')).toThrow(/ends too early/);
    expect(() => parseCondition('(a or b')).toThrow(/parenthesis/);
    expect(() => parseCondition('a b')).toThrow(/unexpected/);
    expect(() => parseCondition('selection | count() by host > 5')).toThrow(/correlation rule/);
    expect(() => parseCondition('0 of selection*')).toThrow(/never hold/);
  });

  it('reads a repeated not, keywords in any case, and a group after not', () => {
    const c = { kind: 'identifier', name: 'c' };
    expect(parseCondition('NOT not c')).toEqual({ kind: 'not', operand: { kind: 'not', operand: c } });
    expect(parseCondition('not (a Or c)')).toEqual({
      kind: 'not',
      operand: { kind: 'or', operands: [{ kind: 'identifier', name: 'a' }, c] },
    });
  });

  it('reads N of with N above one', () => {
    expect(parseCondition('2 of selection_*')).toEqual({
      kind: 'quantified',
      quantifier: 'at-least',
      count: 2,
      pattern: 'selection_*',
    });
  });
});
