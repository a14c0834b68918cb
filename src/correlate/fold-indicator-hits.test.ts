import { describe, expect, it } from 'vitest';
import type { IndicatorHit } from '../core/index.js';
import { foldIndicatorHits } from './fold-indicator-hits.js';

const hit = (eventId: string, value: string, indicatorId = 'indicator--c2'): IndicatorHit => ({
  eventId,
  indicatorId,
  source: 'stix:c2.json',
  confidence: 85,
  type: 'ipv4-addr',
  field: 'destination.ip',
  value,
});

describe('folding indicator hits', () => {
  it('makes one line per indicator and value, counting distinct events, most seen first', () => {
    const hits = [
      hit('e1', '203.0.113.66'),
      hit('e2', '203.0.113.66'),
      hit('e2', '203.0.113.66'),
      hit('e3', 'evil.example', 'indicator--domain'),
      hit('e4', '203.0.113.66'),
    ];
    expect(foldIndicatorHits(hits)).toEqual([
      expect.objectContaining({ value: '203.0.113.66', count: 3, eventIds: ['e1', 'e2', 'e4'] }),
      expect.objectContaining({ value: 'evil.example', count: 1, eventIds: ['e3'] }),
    ]);
  });

  it('cites at most 20 events however many there were', () => {
    const [fold] = foldIndicatorHits(Array.from({ length: 500 }, (_, index) => hit(`e${index}`, '203.0.113.66')));
    expect(fold?.count).toBe(500);
    expect(fold?.eventIds).toHaveLength(20);
  });
});
