import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RulePrefilter } from '../rule-prefilter.js';
import { makeEvent } from '../test-support/make-event.js';
import { compileDetection } from './compile-detection.js';
import { EventView } from './event-view.js';
import type { RuleRequirement } from './rule-requirement.js';

/** The requirement the compiler emits with the predicate. */
function detectionRequirement(detection: Record<string, unknown>): RuleRequirement {
  return compileDetection(detection, { placeholders: { admins: ['Administrator'] }, notes: [] }).requirement;
}

/** The requirement read naively: every clause has an atom found in one of its field's lower-cased texts. */
function holds(requirement: RuleRequirement, view: EventView): boolean {
  return (requirement ?? []).every((clause) =>
    clause.some((atom) => view.lowerTexts(atom.field).some((text) => text.includes(atom.text))),
  );
}

const fields = ['Image', 'CommandLine', 'image', 'Target Object'];
// Upper case, wildcards and escapes, dashes for windash, and characters whose lower case changes length.
const unit = fc.constantFrom('a', 'B', 'c', '\\', '*', '?', '-', '/', ' ', 'İ', 'Σ', 'é', '\u2013', '1');
const text = fc.string({ unit, maxLength: 8 });
const modifiers = fc.oneof(
  { weight: 6, arbitrary: fc.subarray(['contains', 'startswith', 'endswith', 'all', 'windash'], { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.subarray(['contains', 'cased', 're', 'base64', 'all'], { maxLength: 2 }) },
);
const value = fc.oneof({ weight: 8, arbitrary: text }, fc.constant(null), fc.integer({ min: 0, max: 20 }));
const item = fc.record({
  field: fc.constantFrom(...fields),
  modifiers,
  values: fc.array(value, { minLength: 1, maxLength: 4 }),
});
const selection = fc
  .array(item, { minLength: 1, maxLength: 3 })
  .map((items) =>
    Object.fromEntries(
      items.map(({ field, modifiers, values }) => [
        [field, ...modifiers].join('|'),
        values.length === 1 ? values[0] : values,
      ]),
    ),
  );
const selections = fc.oneof({ weight: 3, arbitrary: selection }, fc.array(selection, { minLength: 1, maxLength: 2 }));
const condition = fc.constantFrom(
  'selection',
  'selection and other',
  'selection or other',
  'selection and not other',
  'not selection',
  '1 of them',
  'all of them',
  '1 of sel*',
  'all of sel*',
  '2 of them',
  '(selection or other) and not filter',
);
const detection = fc.record({ selection: selections, other: selections, filter: selections, condition });

/** Texts made of the detection's own values (wildcards filled in, case changed) and noise, so rules often match. */
function eventsFor(written: Record<string, unknown>) {
  const pieces: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === 'string') pieces.push(node);
    else if (typeof node === 'number') pieces.push(String(node));
    else if (node !== null && typeof node === 'object') for (const child of Object.values(node)) collect(child);
  };
  collect({ ...written, condition: undefined });
  const piece = pieces.length === 0 ? text : fc.oneof(text, fc.constantFrom(...pieces));
  const filled = fc
    .tuple(piece, fc.constantFrom('', 'x', 'Σ', '-'), fc.boolean(), fc.boolean())
    .map(([value, filler, upper, dash]) => {
      const spelled = value.replaceAll('*', filler).replaceAll('?', 'q');
      const cased = upper ? spelled.toUpperCase() : spelled;
      return dash ? cased.replaceAll('-', '/') : cased;
    });
  const fieldText = fc.array(filled, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
  const fieldValue = fc.oneof({ weight: 4, arbitrary: fieldText }, fc.array(fieldText, { maxLength: 2 }), fc.integer());
  return fc.array(fc.dictionary(fc.constantFrom(...fields, 'Image '), fieldValue, { maxKeys: 4 }), {
    minLength: 1,
    maxLength: 8,
  });
}

describe('the requirement compileDetection emits', () => {
  test.prop([detection.chain((written) => fc.tuple(fc.constant(written), eventsFor(written)))], { numRuns: 600 })(
    'holds for every event the compiled detection matches, and the prefilter keeps those events',
    ([written, events]) => {
      let compiled: ReturnType<typeof compileDetection>;
      try {
        compiled = compileDetection(written, { placeholders: {}, notes: [] });
      } catch {
        return;
      }
      const { match, requirement } = compiled;
      const prefilter = new RulePrefilter([requirement]);
      for (const fields of events) {
        const view = new EventView(makeEvent({ fields }));
        if (!match(view)) continue;
        expect(holds(requirement, view)).toBe(true);
        prefilter.select(view);
        expect(prefilter.isCandidate(0)).toBe(true);
      }
    },
  );

  it("takes every item of a selection and each value's longest literal part, lower-cased", () => {
    expect(
      detectionRequirement({
        selection: { 'Image|endswith': '\\WhoAmI.exe', 'CommandLine|contains': ['*/all*', 'a?bcd'] },
        condition: 'selection',
      }),
    ).toEqual([
      [{ field: 'Image', text: '\\whoami.exe' }],
      [
        { field: 'CommandLine', text: '/all' },
        { field: 'CommandLine', text: 'bcd' },
      ],
    ]);
  });

  it('needs every value under all, one of them otherwise, and one clause of each alternative', () => {
    expect(detectionRequirement({ s: { 'A|contains|all': ['x1', 'y2'] }, condition: 's' })).toEqual([
      [{ field: 'A', text: 'x1' }],
      [{ field: 'A', text: 'y2' }],
    ]);
    expect(detectionRequirement({ s: { A: 'a1', B: 'b1' }, t: { C: 'c1' }, condition: 's or t' })).toEqual([
      [
        { field: 'A', text: 'a1' },
        { field: 'C', text: 'c1' },
      ],
      [
        { field: 'B', text: 'b1' },
        { field: 'C', text: 'c1' },
      ],
    ]);
  });

  it('knows nothing of negations, keywords, regular expressions, case-sensitive values, nulls and wildcards alone', () => {
    for (const detection of [
      { s: { A: 'x' }, condition: 'not s' },
      { keywords: ['mimikatz'], condition: 'keywords' },
      { s: { 'A|re': 'x.*y' }, condition: 's' },
      { s: { 'A|cased': 'X' }, condition: 's' },
      { s: { A: ['x', null] }, condition: 's' },
      { s: { A: '*' }, condition: 's' },
      { s: { A: 'x' }, t: { B: 'y' }, condition: 's or not t' },
      { s: { 'A|base64offset|contains': 'x' }, condition: 's' },
      { s: { 'A|expand': '%admins%' }, condition: 's' },
      { s: [{ A: 'x' }, 'keyword'], condition: 's' },
      { s: { A: 'x', 'B|exists': true }, t: { 'C|gt': 5 }, condition: 's or t' },
    ])
      expect(detectionRequirement(detection)).toBeUndefined();
    // What the compiler refuses has no requirement to emit.
    expect(() => detectionRequirement({ s: { A: 'x' }, condition: 's | count() > 2' })).toThrow();
  });

  it('keeps the requirement of the known side of an and', () => {
    expect(detectionRequirement({ s: { A: 'x' }, f: { B: 'y' }, condition: 's and not f' })).toEqual([
      [{ field: 'A', text: 'x' }],
    ]);
  });
});
