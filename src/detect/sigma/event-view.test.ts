import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../test-support/make-event.js';
import { EventView } from './event-view.js';

/** Texts short enough to repeat, so a message often equals a field and tests often answer true. */
const text = fc.constantFrom('', 'a', 'b', 'ab', 'x y', 'Message', '1');
const fields = fc.dictionary(
  fc.constantFrom('A', 'B', 'Message', 'nested', '0', '7'),
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', '1'), tie('value'), { maxKeys: 3 }),
    ),
  })).value,
  { maxKeys: 5 },
);

describe('EventView.someText', () => {
  test.prop([fields, fc.option(text, { nil: undefined }), text, fc.boolean()])(
    'answers like some text of allTexts(), whether or not the list was built first',
    (written, message, wanted, buildFirst) => {
      const event = makeEvent({ fields: written, ...(message === undefined ? {} : { message }) });
      const seen: string[] = [];
      const test = (candidate: string) => {
        seen.push(candidate);
        return candidate === wanted;
      };
      const expected = new EventView(event).allTexts().some((candidate) => candidate === wanted);
      const view = new EventView(event);
      if (buildFirst) view.allTexts();
      expect(view.someText(test)).toBe(expected);
      // Every text it tested is one of allTexts()' texts.
      const all = new Set(new EventView(event).allTexts());
      for (const candidate of seen) expect(all.has(candidate)).toBe(true);
    },
  );

  it('tests the raw record when the event has no text at all, and the message when it is not a field', () => {
    const empty = makeEvent({ fields: { nothing: null } });
    expect(new EventView(empty).someText((candidate) => candidate === empty.raw)).toBe(true);
    const withMessage = makeEvent({ fields: { A: 'a' }, message: 'the message' });
    expect(new EventView(withMessage).someText((candidate) => candidate === 'the message')).toBe(true);
    expect(new EventView(withMessage).someText((candidate) => candidate === withMessage.raw)).toBe(false);
  });
});
