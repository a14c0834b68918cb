import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { eventSchema } from '../core/index.js';
import { loadAttackCatalog } from '../detect/index.js';
import { IndicatorIndex, matchesToAlert } from '../intel/index.js';

describeWithShared('a threat-intelligence match with ATT&CK', () => {
  it('lands in the tactic ATT&CK gives its technique, not in an unknown stage', async () => {
    const attack = await loadAttackCatalog(sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz'));
    const index = new IndicatorIndex();
    index.add([
      {
        id: 'misp-attribute-1',
        type: 'ipv4-addr',
        value: '198.51.100.23',
        confidence: 80,
        revoked: false,
        source: 'misp-event-1',
        tlp: 'green',
        labels: [],
        techniques: ['T1071.001'],
      },
    ]);
    const event = eventSchema.parse({
      id: 'beacon-1',
      timestamp: '2024-05-01T10:00:00Z',
      origin: { format: 'zeek-json' },
      destination: { ip: '198.51.100.23', port: 443 },
      raw: '{}',
      fields: {},
    });
    const alert = matchesToAlert(event, index.match(event), attack);
    expect(alert.techniques).toEqual(['T1071.001']);
    expect(alert.tactics).toEqual(['command-and-control']);
    expect(matchesToAlert(event, index.match(event)).tactics).toEqual([]);
  }, 60_000);
});
