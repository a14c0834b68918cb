import { createHash } from 'node:crypto';
import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from './fingerprint.js';

function sha256Id(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

describe('Fingerprinter', () => {
  it('gives the truncated sha256 of format and record, and distinct ids to repeats', () => {
    const fingerprinter = new Fingerprinter('syslog');
    expect(fingerprinter.idFor('a line')).toBe(sha256Id('syslog\u0000a line'));
    expect(fingerprinter.idFor('a line')).toBe(sha256Id('syslog\u00011\u0000a line'));
    expect(fingerprinter.idFor('a line')).toBe(sha256Id('syslog\u00012\u0000a line'));
    expect(fingerprinter.trackedRepeats).toBe(1);
  });

  it('keeps a repeat apart from a record that spells its suffix', () => {
    const fingerprinter = new Fingerprinter('json-lines');
    const ids = ['x', 'x', 'x\u00001', '1\u0000x'].map((record) => fingerprinter.idFor(record));
    expect(new Set(ids).size).toBe(4);
  });

  property.prop([fc.array(fc.string({ maxLength: 20 }), { maxLength: 200 })])(
    'is deterministic and never gives two records of one input the same id',
    (records) => {
      const first = new Fingerprinter('text');
      const second = new Fingerprinter('text');
      const ids = records.map((record) => first.idFor(record));
      expect(records.map((record) => second.idFor(record))).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );
});

describe('Fingerprinter memory', () => {
  it('keeps false positives near 1 % however many records pass, by growing its filter', () => {
    const fingerprinter = new Fingerprinter('text');
    for (let index = 0; index < 200_000; index += 1) fingerprinter.idFor(`record ${index}`);
    expect(fingerprinter.trackedRepeats).toBeLessThan(200_000 * 0.02);
  });

  it('with a window, remembers two generations only, and repeats across the boundary stay distinct', () => {
    const fingerprinter = new Fingerprinter('syslog', { window: 1000 });
    const first = fingerprinter.idFor('same line');
    for (let index = 0; index < 999; index += 1) fingerprinter.idFor(`filler ${index}`);
    expect(fingerprinter.idFor('same line')).not.toBe(first);
    for (let index = 0; index < 5000; index += 1) fingerprinter.idFor(`more ${index}`);
    expect(fingerprinter.trackedRepeats).toBeLessThan(100);
  });
});
