import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../../core/index.js';
import { parsePattern } from './parse-pattern.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

describe('parsePattern', () => {
  it('parses comparison operators, NOT, literals and object paths with list indexes', () => {
    const pattern = parsePattern(
      "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0 AND file:size NOT <= 10 AND file:magic_bytes = h'ab01' AND file:x = b'AAEC' AND file:ctime >= t'2020-01-01T00:00:00.5Z' AND file:flag = true AND email-message:to_refs[0].value IN ('a@b.example', 'c@d.example') AND EXISTS file:name AND file:name ISSUBSET 'x' AND process:name ISSUPERSET 'y' AND file:n LIKE 'a%' AND file:n MATCHES '^a\\\\d'] ",
    );
    expect(pattern.root.kind).toBe('observation');
    if (pattern.root.kind !== 'observation' || pattern.root.comparison.kind !== 'and')
      throw new Error('unexpected shape');
    const [first, second, third, fourth, fifth, sixth, seventh] = pattern.root.comparison.operands;
    expect(first).toMatchObject({ operator: '>', value: { kind: 'float', value: 7 } });
    expect(first?.kind === 'comparison' && first.path.text).toBe(
      "file:extensions.'windows-pebinary-ext'.sections[*].entropy",
    );
    expect(second).toMatchObject({ operator: '<=', negated: true, value: { kind: 'integer', value: 10 } });
    expect(third).toMatchObject({ value: { kind: 'hex', value: 'ab01' } });
    expect(fourth).toMatchObject({ value: { kind: 'binary', value: 'AAEC' } });
    expect(fifth).toMatchObject({ value: { kind: 'timestamp', value: '2020-01-01T00:00:00.5Z' } });
    expect(sixth).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(seventh).toMatchObject({ operator: 'IN', value: [{ value: 'a@b.example' }, { value: 'c@d.example' }] });
    expect(pattern.root.comparison.operands.at(-1)).toMatchObject({ operator: 'MATCHES', value: { value: '^a\\d' } });
  });

  it('gives FOLLOWEDBY the loosest binding, then OR, then AND, and attaches qualifiers to the preceding observation', () => {
    const root = parsePattern('[a:b = 1] AND [a:b = 2] OR [a:b = 3] FOLLOWEDBY [a:b = 4] WITHIN 5 SECONDS').root;
    expect(root.kind).toBe('followedby');
    if (root.kind !== 'followedby') return;
    expect(root.operands[0]?.kind).toBe('or');
    expect(root.operands[1]).toMatchObject({ kind: 'within', seconds: 5 });
    const grouped = parsePattern(
      "([a:b = 1] AND [a:b = 2]) REPEATS 2 TIMES START t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00Z'",
    ).root;
    expect(grouped).toMatchObject({
      kind: 'start-stop',
      expression: { kind: 'repeats', times: 2, expression: { kind: 'and' } },
    });
  });

  it('reads <> as "not equal", accepts zero qualifiers and a qualifier type again on a parenthesised group', () => {
    expect(parsePattern("[ipv4-addr:value <> '1.2.3.4']").root).toMatchObject({
      comparison: { operator: '!=' },
    });
    expect(parsePattern("[a:b = 'c'] REPEATS 0 TIMES").root).toMatchObject({ kind: 'repeats', times: 0 });
    expect(parsePattern("[a:b = 'c'] WITHIN 0 SECONDS").root).toMatchObject({ kind: 'within', seconds: 0 });
    expect(parsePattern("([a:b = 'c']) WITHIN 5 SECONDS WITHIN 6 SECONDS").root).toMatchObject({ kind: 'within' });
    expect(
      parsePattern("[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']").root,
    ).toBeTruthy();
  });

  it('refuses a pattern nested 10,000 levels deep with a PatternSyntaxError, a VigilError, not a RangeError', () => {
    const deep = `${'('.repeat(10_000)}[a:b = 1]${')'.repeat(10_000)}`;
    expect(() => parsePattern(deep)).toThrow(VigilError);
    expect(() => parsePattern(deep)).toThrow(/nested/);
  });

  it.each([
    ["[ipv4-addr:value = '1.2.3.4'", 28, "']'"],
    ["ipv4-addr:value = '1.2.3.4']", 0, "'[' or '('"],
    ["[file:hashes.SHA-256 = 'x']", 13, 'quote names'],
    ["[file:name = 'x'] WITHIN -5 SECONDS", 25, 'non-negative number'],
    ["[file:name = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 35, 'at most one WITHIN'],
    ["[file:name = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES", 34, 'at most one REPEATS'],
    ["[file:hashes.'SHA-256' = 'f00']", 25, 'valid SHA-256'],
    ["[file:hashes.MD5 = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']", 19, 'valid MD5'],
    ["[file:hashes.MD5 IN ('d41d8cd98f00b204e9800998ecf8427e')]", 20, 'valid MD5'],
    [`${'('.repeat(10_000)}[a:b = 1]${')'.repeat(10_000)}`, 100, 'at most 100 nested'],
    [`[${'('.repeat(200)}a:b = 1${')'.repeat(200)}]`, 100, 'at most 100 nested'],
    ["[file:name = 'unterminated]", 13, 'closing quote'],
    ["[file:mtime > t'2020-13-01T00:00:00Z']", 14, 'timestamp'],
    ["[file:name MATCHES '(']", 19, 'regular expression'],
    ['[file:size > true]', 11, 'orderable'],
    ["[file:name = 'a'] [file:name = 'b']", 18, 'observation operator'],
    ['[file:size = 007]', 13, 'leading zeros'],
  ])('rejects %s at position %i', (text, position, expected) => {
    try {
      parsePattern(text);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(PatternSyntaxError);
      expect((error as PatternSyntaxError).position).toBe(position);
      expect((error as PatternSyntaxError).message).toContain(expected);
    }
  });
});

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const objectType = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,5})?$/);
const stringValue = fc.string({ maxLength: 12 });
const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const comparison = fc
  .tuple(objectType, identifier, fc.constantFrom('=', '!=', 'LIKE', 'NOT ='), stringValue)
  .map(([type, property, operator, value]) => ({ text: `${type}:${property} ${operator} ${quote(value)}`, value }));
const observation = fc.array(comparison, { minLength: 1, maxLength: 3 }).chain((comparisons) =>
  fc.constantFrom(' AND ', ' OR ').map((joiner) => ({
    text: `[${comparisons.map((item) => item.text).join(joiner)}]`,
    values: comparisons.map((item) => item.value),
  })),
);

describe('parsePattern properties', () => {
  test.prop([fc.array(observation, { minLength: 1, maxLength: 3 }), fc.constantFrom(' AND ', ' OR ', ' FOLLOWEDBY ')])(
    'parses every generated pattern and keeps string literals intact',
    (observations, joiner) => {
      const text = observations.map((item) => item.text).join(joiner);
      const parsed = parsePattern(text);
      const literals: string[] = [];
      JSON.stringify(parsed.root, (key, value) => {
        if (key === 'value' && value && typeof value === 'object' && value.kind === 'string')
          literals.push(value.value);
        return value;
      });
      expect(literals).toEqual(observations.flatMap((item) => item.values));
    },
  );

  test.prop([fc.string({ maxLength: 60 })])('throws only PatternSyntaxError on arbitrary text', (text) => {
    try {
      parsePattern(text);
    } catch (error) {
      expect(error).toBeInstanceOf(PatternSyntaxError);
      expect((error as PatternSyntaxError).position).toBeGreaterThanOrEqual(0);
      expect((error as PatternSyntaxError).position).toBeLessThanOrEqual(text.length);
    }
  });
});
