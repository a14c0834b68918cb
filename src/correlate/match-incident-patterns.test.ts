import { describe, expect, it } from 'vitest';
import type { Event, Indicator } from '../core/index.js';
import { matchIncidentPatterns, multiObservationPatterns } from './match-incident-patterns.js';

function event(id: string, minute: number, extra: Partial<Event>): Event {
  return {
    id,
    timestamp: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
    origin: { format: 'zeek-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: {},
    raw: '{}',
    ...extra,
  };
}

const indicator = (id: string, pattern: string): Indicator => ({
  id,
  pattern,
  patternType: 'stix',
  confidence: 80,
  revoked: false,
  source: 'test-feed',
  tlp: 'clear',
  labels: [],
  techniques: [],
});

describe('multi-observation patterns across an incident', () => {
  const patterns = multiObservationPatterns([
    indicator(
      'indicator--seq',
      "([domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '203.0.113.5']) WITHIN 600 SECONDS",
    ),
    indicator('indicator--single', "[domain-name:value = 'evil.example']"),
    indicator('indicator--broken', '[domain-name:value = '),
  ]);

  it('keeps only parsable multi-observation patterns', () => {
    expect(patterns.map((item) => item.indicator.id)).toEqual(['indicator--seq']);
  });

  it('matches when the observations occur in order within the window, across different events', () => {
    const events = [
      event('dns', 0, { dns: { question: { name: 'evil.example' } } }),
      event('flow', 3, { destination: { ip: '203.0.113.5' } }),
    ];
    expect(matchIncidentPatterns(patterns, events)).toEqual([
      expect.objectContaining({ indicatorId: 'indicator--seq', eventIds: ['dns', 'flow'], confidence: 80 }),
    ]);
  });

  it('does not match out of order or beyond the window', () => {
    const reversed = [
      event('flow', 0, { destination: { ip: '203.0.113.5' } }),
      event('dns', 3, { dns: { question: { name: 'evil.example' } } }),
    ];
    expect(matchIncidentPatterns(patterns, reversed)).toEqual([]);
    const late = [
      event('dns', 0, { dns: { question: { name: 'evil.example' } } }),
      event('flow', 30, { destination: { ip: '203.0.113.5' } }),
    ];
    expect(matchIncidentPatterns(patterns, late)).toEqual([]);
  });
});
