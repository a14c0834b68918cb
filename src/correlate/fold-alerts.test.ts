import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/index.js';
import { foldAlerts } from './fold-alerts.js';

const alert = (id: string, minute: number, extra: Partial<Alert> = {}): Alert => ({
  id,
  source: 'indicator',
  ruleId: 'indicator--c2',
  ruleTitle: 'Loader C2 address',
  severity: 'high',
  timestamp: new Date(Date.UTC(2024, 10, 5, 10, minute)).toISOString(),
  eventIds: [`e-${id}`],
  techniques: [],
  tactics: [],
  cves: [],
  match: { indicatorId: 'indicator--c2', field: 'destination.ip', value: '203.0.113.66', indicatorSource: 'stix' },
  ...extra,
});

describe('alert folding', () => {
  it('folds the same indicator on the same value into one line with a counter and first/last seen', () => {
    const beacons = Array.from({ length: 60 }, (_, minute) => alert(`b${minute}`, 59 - minute));
    const other = alert('d1', 3, {
      match: { indicatorId: 'indicator--c2', field: 'destination.ip', value: '198.51.100.7', indicatorSource: 'stix' },
    });
    const sigma = alert('s1', 5, {
      source: 'sigma',
      ruleId: 'rule-1',
      ruleTitle: 'Encoded PowerShell',
      match: undefined,
    });
    const folded = foldAlerts([...beacons, other, sigma]);
    expect(folded.map((fold) => [fold.ruleTitle, fold.matched, fold.count])).toEqual([
      ['Loader C2 address', '203.0.113.66', 60],
      ['Loader C2 address', '198.51.100.7', 1],
      ['Encoded PowerShell', undefined, 1],
    ]);
    expect(folded[0]).toMatchObject({
      id: 'b59',
      firstSeen: '2024-11-05T10:00:00.000Z',
      lastSeen: '2024-11-05T10:59:00.000Z',
    });
    expect(folded.reduce((sum, fold) => sum + fold.count, 0)).toBe(62);
  });
});
