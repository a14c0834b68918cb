import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { buildAttackCatalog, loadAttackCatalog } from './attack-catalog.js';
import { navigatorLayer, navigatorLayerSchema } from './navigator-layer.js';
import type { StixBundleContent } from './stix-bundle.js';

const reference = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];

function syntheticBundle(): StixBundleContent {
  return {
    techniques: [
      {
        id: 'attack-pattern--1',
        type: 'attack-pattern',
        name: 'PowerShell',
        external_references: reference('T1059.001'),
        kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
      },
      {
        id: 'attack-pattern--2',
        type: 'attack-pattern',
        name: 'Old PowerShell',
        revoked: true,
        external_references: reference('T1086'),
      },
    ],
    tactics: [
      {
        id: 'x-mitre-tactic--1',
        type: 'x-mitre-tactic',
        name: 'Execution',
        x_mitre_shortname: 'execution',
        external_references: reference('TA0002'),
      },
    ],
    relationships: [
      {
        id: 'relationship--1',
        type: 'relationship',
        relationship_type: 'revoked-by',
        source_ref: 'attack-pattern--2',
        target_ref: 'attack-pattern--1',
      },
      {
        id: 'relationship--2',
        type: 'relationship',
        relationship_type: 'uses',
        source_ref: 'intrusion-set--1',
        target_ref: 'attack-pattern--1',
      },
      {
        id: 'relationship--3',
        type: 'relationship',
        relationship_type: 'detects',
        source_ref: 'x-mitre-detection-strategy--1',
        target_ref: 'attack-pattern--1',
      },
    ],
    analytics: new Map([
      [
        'x-mitre-analytic--1',
        {
          id: 'x-mitre-analytic--1',
          type: 'x-mitre-analytic',
          x_mitre_platforms: ['Windows'],
          x_mitre_log_source_references: [
            { name: 'WinEventLog:PowerShell', channel: 'EventCode=4104', x_mitre_data_component_ref: 'dc--1' },
            { name: 'WinEventLog:Sysmon', channel: 'EventCode=1' },
          ],
        },
      ],
      [
        'x-mitre-analytic--2',
        {
          id: 'x-mitre-analytic--2',
          type: 'x-mitre-analytic',
          x_mitre_deprecated: true,
          x_mitre_log_source_references: [{ name: 'WinEventLog:Security', channel: 'EventCode=4688' }],
        },
      ],
    ]),
    dataComponents: new Map([
      [
        'dc--1',
        {
          id: 'dc--1',
          type: 'x-mitre-data-component',
          name: 'Command Execution',
          x_mitre_log_sources: [{ name: 'WinEventLog:PowerShell', channel: 'EventCode=4103' }],
        },
      ],
    ]),
    detectionStrategies: new Map([
      [
        'x-mitre-detection-strategy--1',
        {
          id: 'x-mitre-detection-strategy--1',
          type: 'x-mitre-detection-strategy',
          name: 'PowerShell abuse',
          x_mitre_analytic_refs: ['x-mitre-analytic--1', 'x-mitre-analytic--2', 'x-mitre-analytic--missing'],
        },
      ],
    ]),
    named: new Map([
      [
        'intrusion-set--1',
        { id: 'intrusion-set--1', type: 'intrusion-set', name: 'APT29', external_references: reference('G0016') },
      ],
      ['dc--1', { id: 'dc--1', type: 'x-mitre-data-component', name: 'Command Execution' }],
    ]),
    version: '18.1',
    invalid: 0,
  };
}

describe('ATT&CK catalog', () => {
  it('resolves revoked techniques and crosswalked ids, and lists users of a technique', () => {
    const catalog = buildAttackCatalog([syntheticBundle()], {
      techniques: { T1999: ['T1086'] },
      tactics: { stealth: ['defense-evasion'] },
    });
    expect(catalog.resolve('t1086')).toBe('T1059.001');
    expect(catalog.resolve('T1999')).toBe('T1059.001');
    expect(catalog.resolve('T1234')).toBe('T1234');
    expect(catalog.technique('T1059.001')?.groups).toEqual([{ id: 'G0016', name: 'APT29' }]);
    expect(catalog.tacticsOf('T1086')).toEqual(['execution']);
    expect(catalog.resolveTactic('stealth')).toBe('defense-evasion');
    expect(catalog.tactic('TA0002')?.shortname).toBe('execution');
  });

  it("lists the log sources of a technique's detection analytics, without deprecated analytics", () => {
    const catalog = buildAttackCatalog([syntheticBundle()]);
    expect(catalog.technique('T1059.001')?.logSources).toEqual([
      {
        name: 'WinEventLog:PowerShell',
        channel: 'EventCode=4104',
        dataComponent: 'Command Execution',
        platforms: ['Windows'],
      },
      { name: 'WinEventLog:Sysmon', channel: 'EventCode=1', dataComponent: undefined, platforms: ['Windows'] },
    ]);
    expect(catalog.technique('T1086')?.logSources).toEqual([]);
    // Which data component each log source gives: the component's own list and its analytics' references.
    expect(catalog.dataComponentSources()).toEqual([
      { name: 'WinEventLog:PowerShell', channel: 'EventCode=4103', dataComponent: 'Command Execution' },
      {
        name: 'WinEventLog:PowerShell',
        channel: 'EventCode=4104',
        dataComponent: 'Command Execution',
        platforms: ['Windows'],
      },
    ]);
  });

  it('exports a Navigator 4.5 layer', () => {
    const layer = navigatorLayer(
      [{ id: 't1059.001', score: 2, comment: 'alert a' }, { id: 'T1059.001' }, { id: 'T1003.001' }],
      { name: 'incident 1', attackVersion: '18.1' },
    );
    expect(navigatorLayerSchema.parse(layer).versions).toEqual({ attack: '18', navigator: '5.1.0', layer: '4.5' });
    expect(layer.techniques.find((technique) => technique.techniqueID === 'T1059.001')).toMatchObject({
      score: 3,
      comment: 'alert a',
    });
    expect(layer.gradient.maxValue).toBe(3);
    // only parents show their sub-techniques (layer format 4.5): T1059 and T1003 are added, unscored
    expect(layer.techniques.filter((technique) => technique.showSubtechniques).map((item) => item.techniqueID)).toEqual(
      ['T1059', 'T1003'],
    );
    expect(layer.techniques.find((technique) => technique.techniqueID === 'T1059')?.score).toBeUndefined();
  });
});

describeWithShared('ATT&CK bundles', () => {
  it('loads the gzip Enterprise bundle with the v19 crosswalk', async () => {
    const catalog = await loadAttackCatalog(sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz'), {
      crosswalk: sharedPath('sigma', 'attack-v19-to-v18-crosswalk.json'),
    });
    expect(catalog.version).toBe('18.1');
    expect(catalog.invalidObjects).toBe(0);
    expect(
      catalog.techniques().filter((technique) => !technique.revoked && !technique.deprecated).length,
    ).toBeGreaterThan(650);
    const lsass = catalog.technique('T1003.001');
    expect(lsass?.tactics).toEqual(['credential-access']);
    expect(lsass?.mitigations.length).toBeGreaterThan(0);
    expect(lsass?.groups.length).toBeGreaterThan(0);
    expect(lsass?.detectionStrategies.length).toBeGreaterThan(0);
    expect(catalog.dataComponentSources()).toContainEqual(
      expect.objectContaining({
        name: 'WinEventLog:Security',
        channel: 'EventCode=4688',
        dataComponent: 'Process Creation',
      }),
    );
    expect(lsass?.logSources).toContainEqual(
      expect.objectContaining({ name: 'WinEventLog:Sysmon', channel: 'EventCode=10' }),
    );
    expect(catalog.resolve('T1086')).toBe('T1059.001');
    expect(catalog.resolve('T1685.005')).toBe('T1070.001');
    expect(catalog.resolveTactic('stealth')).toBe('defense-evasion');
    expect(catalog.tactics()).toHaveLength(14);
  });

  it('loads ICS and Mobile bundles together', async () => {
    const catalog = await loadAttackCatalog([
      sharedPath('attack', 'stix21', 'ics-attack-18.1.json'),
      sharedPath('attack', 'stix21', 'mobile-attack-17.1.json'),
    ]);
    expect(catalog.technique('T0803')?.domains).toContain('ics-attack');
    expect(catalog.techniques().some((technique) => technique.domains.includes('mobile-attack'))).toBe(true);
    expect(catalog.coreTacticsOf('T0803')).toContain('other');
  });
});
