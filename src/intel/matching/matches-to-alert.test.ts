import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../core/index.js';
import { makeEvent } from '../__fixtures__/make-event.js';
import { IndicatorIndex } from './indicator-index.js';
import { matchesToAlert } from './matches-to-alert.js';

describe('matchesToAlert', () => {
  const index = new IndicatorIndex();
  index.add([
    {
      id: 'indicator--1',
      type: 'ipv4-addr',
      value: '203.0.113.7',
      name: 'C2 server',
      confidence: 95,
      revoked: false,
      source: 'feed-a',
      tlp: 'amber',
      labels: [],
      techniques: ['T1071'],
    },
    {
      id: 'indicator--2',
      type: 'domain-name',
      value: 'evil.example',
      confidence: 50,
      revoked: false,
      source: 'feed-b',
      tlp: 'clear',
      labels: ['CVE-2024-0001'],
      techniques: ['T1566'],
    },
  ]);
  const event = makeEvent({ id: 'event-9', destination: { ip: '203.0.113.7', domain: 'evil.example' } });

  it('builds a valid indicator alert named after the strongest match', () => {
    const alert = matchesToAlert(event, index.match(event));
    expect(alertSchema.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      source: 'indicator',
      ruleId: 'indicator--1',
      ruleTitle: 'C2 server',
      severity: 'critical',
      eventIds: ['event-9'],
      techniques: ['T1071', 'T1566'],
      cves: ['CVE-2024-0001'],
      match: { indicatorId: 'indicator--1', field: 'destination.ip', value: '203.0.113.7', indicatorSource: 'feed-a' },
    });
  });

  it('gives the same id for the same event and matches, whatever their order, and another id otherwise', () => {
    const matches = index.match(event);
    expect(matchesToAlert(event, [...matches].reverse()).id).toBe(matchesToAlert(event, matches).id);
    expect(matchesToAlert(event, matches.slice(1)).id).not.toBe(matchesToAlert(event, matches).id);
    expect(() => matchesToAlert(event, [])).toThrow(RangeError);
  });
});
