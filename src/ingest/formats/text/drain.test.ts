import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DrainTemplateMiner } from './drain.js';
import { groupingAccuracy } from './grouping-accuracy.js';

describe('Drain template miner', () => {
  it('groups messages that differ only in their variables, and extracts the variables', () => {
    const miner = new DrainTemplateMiner();
    const first = miner.add('Accepted password for alice from 10.0.0.1 port 22 ssh2');
    const second = miner.add('Accepted password for bob from 10.0.0.2 port 2222 ssh2');
    const other = miner.add('Connection closed by 10.0.0.3');
    expect(second.templateId).toBe(first.templateId);
    expect(second.template).toBe('Accepted password for <*> from <*> port <*> ssh2');
    expect(second.parameters).toEqual(['bob', '10.0.0.2', '2222']);
    expect(other.templateId).not.toBe(first.templateId);
    expect(miner.size).toBe(2);
  });

  it('is deterministic for the same input order', () => {
    const lines = ['a b 1', 'a c 2', 'x y z', 'a b 3'];
    const run = () => {
      const miner = new DrainTemplateMiner();
      return lines.map((line) => miner.add(line).templateId);
    };
    expect(run()).toEqual(run());
  });

  it('stops creating clusters at its limit', () => {
    const miner = new DrainTemplateMiner({ maxClusters: 2 });
    miner.add('alpha beta');
    miner.add('gamma delta epsilon');
    expect(miner.add('one two three four').templateId).toBe('T-overflow');
    expect(miner.size).toBe(2);
  });

  property.prop([fc.array(fc.string({ maxLength: 80 }), { maxLength: 50 })])(
    'never throws, every line gets a template',
    (lines) => {
      const miner = new DrainTemplateMiner();
      for (const line of lines) expect(miner.add(line).templateId).toMatch(/^T/);
    },
  );
});

describe('grouping accuracy', () => {
  it('counts a message correct only when its predicted group equals its true group', () => {
    expect(groupingAccuracy(['a', 'a', 'b'], ['x', 'x', 'y'])).toBe(1);
    expect(groupingAccuracy(['a', 'a', 'a'], ['x', 'x', 'y'])).toBe(0);
    expect(groupingAccuracy(['a', 'b', 'c'], ['x', 'x', 'y'])).toBeCloseTo(1 / 3);
  });
});
