import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RulePrefilter } from './rule-prefilter.js';
import { EventView } from './sigma/event-view.js';
import type { RuleRequirement } from './sigma/rule-requirement.js';
import { makeEvent } from './test-support/make-event.js';

const fields = ['A', 'B', 'C', 'D'];
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\\'), minLength: 1, maxLength: 4 });
const atom = fc.record({ field: fc.constantFrom(...fields), text });
const requirement: fc.Arbitrary<RuleRequirement> = fc.option(
  fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  { nil: undefined },
);
const eventFields = fc.dictionary(fc.constantFrom(...fields), fc.oneof(text, fc.array(text, { maxLength: 2 })), {
  maxKeys: 4,
});

/** The requirement read naively: every clause has an atom in one of its field's lower-cased texts. */
const holds = (required: RuleRequirement, view: EventView) =>
  (required ?? []).every((clause) =>
    clause.some((item) => view.lowerTexts(item.field).some((value) => value.includes(item.text))),
  );

describe('RulePrefilter', () => {
  test.prop([fc.array(requirement, { minLength: 1, maxLength: 12 }), fc.array(eventFields, { maxLength: 10 })])(
    'makes exactly the rules whose clauses all hold candidates, event after event',
    (requirements, events) => {
      const prefilter = new RulePrefilter(requirements);
      for (const written of events) {
        const view = new EventView(makeEvent({ fields: written }));
        prefilter.select(view);
        requirements.forEach((required, rule) => {
          expect(prefilter.isCandidate(rule)).toBe(holds(required, view));
        });
      }
    },
  );

  it('matches atoms case-insensitively through the lower-cased texts and keeps rules without a requirement', () => {
    const prefilter = new RulePrefilter([
      [[{ field: 'Image', text: '\\whoami.exe' }]],
      undefined,
      [[{ field: 'Image', text: 'cmd' }], [{ field: 'CommandLine', text: '/c' }]],
    ]);
    prefilter.select(new EventView(makeEvent({ fields: { Image: 'C:\\Windows\\WHOAMI.EXE' } })));
    expect([0, 1, 2].map((rule) => prefilter.isCandidate(rule))).toEqual([true, true, false]);
    prefilter.select(new EventView(makeEvent({ fields: { Image: 'cmd.exe', CommandLine: 'cmd /C dir' } })));
    expect([0, 1, 2].map((rule) => prefilter.isCandidate(rule))).toEqual([false, true, true]);
  });
});
