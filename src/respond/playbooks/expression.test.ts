// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ … }} is the playbook template syntax under test
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateCondition, renderTemplate, renderValue } from './expression.js';

const scope = {
  target: { kind: 'ip', value: '203.0.113.66' },
  incident: { severity: 'high', techniques: ['T1071.001', 'T1059.001'] },
  steps: { block: { status: 'succeeded', output: { ruleHandle: 7 } } },
  count: 3,
};

describe('expression language', () => {
  it('evaluates comparisons, logic, membership and functions', () => {
    expect(evaluateCondition("target.kind == 'ip' && count >= 2", scope)).toBe(true);
    expect(evaluateCondition("'T1071.001' in incident.techniques", scope)).toBe(true);
    expect(evaluateCondition("contains(incident.techniques, 'T1486') || !(count < 3)", scope)).toBe(true);
    expect(evaluateCondition("steps.block.status != 'succeeded'", scope)).toBe(false);
    expect(evaluateCondition("startsWith(lower(target.value), '203.')", scope)).toBe(true);
    expect(compileExpression("incident.techniques[1] + '/' + length(incident.techniques)").evaluate(scope)).toBe(
      'T1059.001/2',
    );
    expect(compileExpression('-count + 5').evaluate(scope)).toBe(2);
  });

  it('never reaches prototypes or host objects', () => {
    expect(compileExpression('target.constructor').evaluate(scope)).toBeNull();
    expect(compileExpression("target['__proto__']").evaluate(scope)).toBeNull();
    expect(compileExpression('toString').evaluate(scope)).toBeNull();
    expect(() => compileExpression('process.exit(1)')).toThrow(/unknown function|unexpected/);
    expect(() => compileExpression('eval("1")')).toThrow(/unknown function eval/);
    expect(() => compileExpression('a = 1')).toThrow(/unexpected character/);
  });

  it('renders templates, keeping the type of a whole-template string', () => {
    expect(renderTemplate('block ${{ target.value }} (${{ count }})', scope)).toBe('block 203.0.113.66 (3)');
    expect(renderTemplate('${{ incident.techniques }}', scope)).toEqual(['T1071.001', 'T1059.001']);
    expect(renderValue({ address: '${{ target.value }}', list: ['${{ count }}'] }, scope)).toEqual({
      address: '203.0.113.66',
      list: [3],
    });
  });

  it('treats hostile values as data', () => {
    const hostile = { value: "'; rm -rf / #${{ count }}$(id)" };
    expect(renderTemplate('${{ value }}', hostile)).toBe(hostile.value);
  });

  test.prop([fc.string({ maxLength: 60 })])('parses or fails with a typed error, never anything else', (source) => {
    try {
      compileExpression(source).evaluate(scope);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('input-invalid');
    }
  });

  test.prop([fc.string({ maxLength: 40 })])('string literals round-trip', (text) => {
    const literal = `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    expect(compileExpression(literal).evaluate({})).toBe(text);
  });
});
