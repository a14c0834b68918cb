import { fc, it as property } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { FramedItem } from './framed-item.js';
import { JsonValueFramer } from './json-value-framer.js';
import { LineFramer } from './line-framer.js';
import { MemberArrayFramer } from './member-array-framer.js';

function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const point of sorted) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

function run(framer: LineFramer | JsonValueFramer | MemberArrayFramer, parts: Buffer[]): FramedItem[] {
  return [...parts.flatMap((part) => framer.push(part)), ...framer.end()];
}

describe('framers', () => {
  property.prop([fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 })])(
    'lines come out the same however the bytes are chunked',
    (lines, points) => {
      const bytes = Buffer.from(lines.join('\n'));
      const whole = run(new LineFramer(1 << 20), [bytes]);
      expect(run(new LineFramer(1 << 20), cut(bytes, points))).toEqual(whole);
      const expected = lines
        .map((text, index) => ({ text: text.replace(/\r$/, ''), line: index + 1 }))
        .filter((line) => line.text.trim() !== '');
      expect(
        whole.filter((item) => item.type === 'record').map((item) => item.type === 'record' && item.record),
      ).toEqual(expected.filter((line) => !line.text.includes('\u0000')));
    },
  );

  property.prop([fc.array(fc.json(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean()])(
    'a JSON array gives back its elements, however chunked and however indented',
    (texts, points, pretty) => {
      const values = texts.map((text) => JSON.parse(text) as unknown);
      const bytes = Buffer.from(JSON.stringify(values, null, pretty ? 2 : undefined));
      const items = run(new JsonValueFramer('array', 1 << 20), cut(bytes, points));
      const records = items.flatMap((item) =>
        item.type === 'record' ? [JSON.parse(item.record.text) as unknown] : [],
      );
      // Blank strings are dropped as blank records; every other element comes back equal.
      expect(records).toEqual(
        values.filter((value) => !(typeof value === 'string' && JSON.stringify(value).trim() === '')),
      );
    },
  );

  property.prop([fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 })])(
    'arbitrary bytes never throw',
    (array, points) => {
      const bytes = Buffer.from(array);
      run(new LineFramer(64), cut(bytes, points));
      run(new JsonValueFramer('array', 64), cut(bytes, points));
      run(new JsonValueFramer('sequence', 64), cut(bytes, points));
    },
  );
});

describe('MemberArrayFramer', () => {
  property.prop([
    fc.array(fc.json({ maxDepth: 2 }), { maxLength: 10 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    fc.array(fc.nat(), { maxLength: 8 }),
    fc.boolean(),
  ])(
    'gives back the elements of the results array, whatever comes around it and however chunked',
    (texts, around, points, pretty) => {
      const results = texts.map((text) => JSON.parse(text) as unknown);
      const { results: _ignored, ...others } = around;
      const document = { ...others, results, after: around };
      const bytes = Buffer.from(JSON.stringify(document, null, pretty ? 2 : undefined));
      const items = run(new MemberArrayFramer('results', 1 << 20), cut(bytes, points));
      const records = items.flatMap((item) =>
        item.type === 'record' ? [JSON.parse(item.record.text) as unknown] : [],
      );
      expect(records).toEqual(
        results.filter((value) => !(typeof value === 'string' && JSON.stringify(value).trim() === '')),
      );
    },
  );

  property.prop([fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 })])(
    'arbitrary bytes never throw',
    (array, points) => {
      run(new MemberArrayFramer('results', 64), cut(Buffer.from(array), points));
    },
  );
});
