import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScalableBloomFilter } from './bloom-filter.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ScalableBloomFilter', () => {
  it('never forgets, and grows to keep false positives low far past its first capacity', () => {
    const filter = new ScalableBloomFilter(1024);
    for (let index = 0; index < 50_000; index += 1) filter.testAndAdd(digest(`in ${index}`));
    for (let index = 0; index < 50_000; index += 10) expect(filter.has(digest(`in ${index}`))).toBe(true);
    let falsePositives = 0;
    for (let index = 0; index < 20_000; index += 1) if (filter.testAndAdd(digest(`out ${index}`))) falsePositives += 1;
    expect(falsePositives / 20_000).toBeLessThan(0.03);
    expect(filter.byteSize).toBeLessThan(70_000 * 6);
  });
});
