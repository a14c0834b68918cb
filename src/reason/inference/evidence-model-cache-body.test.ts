import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeModelBody, encodeModelBody, type ModelBody } from './evidence-model-cache-body.js';

const body = (texts: string[], postings: number[] = [0, 2], weights: number[] = [0.5, 1 / 3]): ModelBody => ({
  meta: { key: 'k', calibration: [[0.25, 0.5, 3]] },
  texts,
  frequency: Int32Array.from([1, 2, 3]),
  postingEnds: Int32Array.from([1, 1, postings.length]),
  postingExamples: Int32Array.from(postings),
  weights: Float64Array.from(weights),
});

const plain = (value: ModelBody | { unusable: string }) =>
  'unusable' in value
    ? value
    : {
        meta: value.meta,
        texts: value.texts,
        frequency: [...value.frequency],
        postingEnds: [...value.postingEnds],
        postingExamples: [...value.postingExamples],
        weights: [...value.weights],
      };

describe('the binary body of an evidence-model cache entry', () => {
  it('reads back every text exactly: ASCII, other characters, empty and lone surrogates', () => {
    const texts = ['whoami /all', '', 'Get-Date', 'résumé.exe', '😀 emoji', 'lone \ud800 high', 'lone \udc00 low', 'x'];
    const written = body(texts);
    expect(plain(decodeModelBody(encodeModelBody(written)))).toEqual(plain(written));
  });

  it('reads back the arrays bit for bit', () => {
    const weights = [Math.PI, 1e-300, 0.1 + 0.2];
    const written = body(['a'], [3, 7, 1_000_000], weights);
    const read = decodeModelBody(encodeModelBody(written));
    expect('unusable' in read).toBe(false);
    if ('unusable' in read) return;
    expect([...read.weights]).toEqual(weights);
    expect(Object.is(read.weights[2], 0.1 + 0.2)).toBe(true);
    expect([...read.postingExamples]).toEqual([3, 7, 1_000_000]);
  });

  it('round-trips any texts and weights (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 20 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 2, maxLength: 2 }),
        (texts, weights) => {
          const written = body(texts, [0, 2], weights);
          expect(plain(decodeModelBody(encodeModelBody(written)))).toEqual(plain(written));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a body cut short or grown, at any length, rather than reading past it', () => {
    const bytes = encodeModelBody(body(['one', 'two', 'trois', 'quatre é']));
    for (let length = 0; length < bytes.length; length++)
      expect(decodeModelBody(bytes.subarray(0, length))).toHaveProperty('unusable');
    expect(decodeModelBody(Buffer.concat([bytes, Buffer.from('x')]))).toHaveProperty('unusable');
  });

  it('refuses texts whose lengths do not add up to their blocks', () => {
    const bytes = Buffer.from(encodeModelBody(body(['abc', 'déf'])));
    const description = JSON.parse(bytes.toString('utf8', 4, 4 + bytes.readUInt32LE(0)));
    // The first text's length (just after the aligned description) made one longer.
    const lengthsAt = Math.ceil((4 + bytes.readUInt32LE(0)) / 8) * 8;
    expect(bytes.readInt32LE(lengthsAt)).toBe(3);
    bytes.writeInt32LE(4, lengthsAt);
    expect(description.texts).toBe(2);
    expect(decodeModelBody(bytes)).toEqual({ unusable: 'the texts are not as long as they say' });
  });
});
