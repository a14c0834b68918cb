import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importIntel } from '../import/import-intel.js';
import type { StixObject } from './stix-object.js';
import { stixToIndicators } from './stix-to-indicators.js';

const fixture = fileURLToPath(new URL('../__fixtures__/attributed-bundle.json', import.meta.url));

describe('STIX relationships behind an indicator', () => {
  it('names the malware it indicates, the intrusion set that uses it and the actor that set is attributed to', async () => {
    const result = await importIntel([fixture]);
    expect(result.rejected).toEqual([]);
    const address = result.indicators.find((indicator) => indicator.value === '203.0.113.77');
    // What the malware is known to use is kept with the malware, not claimed by the indicator.
    expect(address?.techniques).toEqual([]);
    expect(address?.attribution).toEqual([
      {
        kind: 'malware',
        name: 'NorthwindLoader',
        via: 'STIX: indicator indicates malware "NorthwindLoader"',
        techniques: ['T1059.001', 'T1071.001'],
        // The bundle's own attack pattern places Web Protocols in command-and-control (PowerShell it does not).
        techniqueTactics: { 'T1071.001': ['command-and-control'] },
      },
      {
        kind: 'intrusion-set',
        name: 'Quiet Harbor',
        attackId: 'G0999',
        via: 'STIX: indicator indicates malware "NorthwindLoader"; intrusion-set "Quiet Harbor" uses malware "NorthwindLoader"',
        techniques: ['T1486'],
      },
      {
        kind: 'threat-actor',
        name: 'Harbor Collective',
        via: expect.stringMatching(/intrusion-set "Quiet Harbor" attributed-to threat-actor "Harbor Collective"$/),
      },
    ]);
  });

  it('takes tactics from kill-chain phases and from command-and-control infrastructure, and follows a campaign', async () => {
    const result = await importIntel([fixture]);
    const dropper = result.indicators.find((indicator) => indicator.name === 'Northwind loader dropper');
    expect(dropper?.tactics).toEqual(['execution']);
    const staging = result.indicators.find((indicator) => indicator.value === 'sync.northwind-cdn.example');
    expect(staging?.tactics).toEqual(['command-and-control']);
    expect(staging?.attribution?.map((item) => `${item.kind} ${item.name}`)).toEqual([
      'campaign Operation Low Tide',
      'intrusion-set Quiet Harbor',
      'threat-actor Harbor Collective',
    ]);
  });

  it('claims the techniques of attack-patterns the indicator itself indicates', () => {
    const at = '2025-02-01T00:00:00.000Z';
    const common = { spec_version: '2.1', created: at, modified: at };
    const objects: StixObject[] = [
      {
        ...common,
        type: 'indicator',
        id: 'indicator--1',
        pattern: "[domain-name:value = 'a.example']",
        pattern_type: 'stix',
        valid_from: at,
      },
      {
        ...common,
        type: 'attack-pattern',
        id: 'attack-pattern--1',
        name: 'DNS',
        external_references: [{ source_name: 'mitre-attack', external_id: 'T1071.004' }],
        kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }],
      },
      {
        ...common,
        type: 'relationship',
        id: 'relationship--1',
        relationship_type: 'indicates',
        source_ref: 'indicator--1',
        target_ref: 'attack-pattern--1',
      },
    ];
    const [indicator] = stixToIndicators(objects, 'test').indicators;
    expect(indicator).toMatchObject({ techniques: ['T1071.004'], tactics: ['command-and-control'] });
    expect(indicator?.attribution).toBeUndefined();
  });

  it('stays bounded on a relationship cycle and on a fan-out of hundreds of actors', () => {
    const at = '2025-02-01T00:00:00.000Z';
    const common = { spec_version: '2.1', created: at, modified: at };
    const objects: StixObject[] = [
      {
        ...common,
        type: 'indicator',
        id: 'indicator--1',
        pattern: "[ipv4-addr:value = '198.51.100.1']",
        pattern_type: 'stix',
        valid_from: at,
      },
      { ...common, type: 'malware', id: 'malware--1', name: 'Loop', is_family: true },
      {
        ...common,
        type: 'relationship',
        id: 'relationship--a',
        relationship_type: 'indicates',
        source_ref: 'indicator--1',
        target_ref: 'malware--1',
      },
    ];
    for (let index = 0; index < 300; index++) {
      objects.push({ ...common, type: 'intrusion-set', id: `intrusion-set--${index}`, name: `Set ${index}` });
      objects.push({
        ...common,
        type: 'relationship',
        id: `relationship--u${index}`,
        relationship_type: 'uses',
        source_ref: `intrusion-set--${index}`,
        target_ref: 'malware--1',
      });
      // and each set is "authored" by the malware's next set: a long chain back to the start
      objects.push({
        ...common,
        type: 'relationship',
        id: `relationship--c${index}`,
        relationship_type: 'attributed-to',
        source_ref: `intrusion-set--${index}`,
        target_ref: `intrusion-set--${(index + 1) % 300}`,
      });
    }
    const [indicator] = stixToIndicators(objects, 'test').indicators;
    expect(indicator?.attribution).toHaveLength(20);
    expect(indicator?.attribution?.[0]).toMatchObject({ kind: 'malware', name: 'Loop' });
  });
});
