import { describe, expect, it } from 'vitest';
import type { Incident } from '../core/index.js';
import { navigatorLayerSchema } from '../detect/index.js';
import { heatmapLayer, techniqueHeatmap } from './technique-heatmap.js';

const incident = (
  id: string,
  day: number,
  stages: { tactic: Incident['tactics'][number]; techniques: string[] }[],
): Pick<Incident, 'id' | 'techniques' | 'stages' | 'firstSeen' | 'lastSeen'> => {
  const at = `2024-05-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  return {
    id,
    techniques: [...new Set(stages.flatMap((stage) => stage.techniques))],
    stages: stages.map((stage) => ({
      ...stage,
      firstSeen: at,
      lastSeen: at,
      evidence: [{ kind: 'alert' as const, id: `${id}-a` }],
    })),
    firstSeen: at,
    lastSeen: at,
  };
};

const incidents = [
  incident('i1', 1, [
    { tactic: 'execution', techniques: ['T1059.001'] },
    { tactic: 'credential-access', techniques: ['T1003.001'] },
  ]),
  // the same technique twice in one incident counts once
  incident('i2', 5, [
    { tactic: 'execution', techniques: ['t1059.001', 'T1059.001'] },
    { tactic: 'lateral-movement', techniques: ['T1021.002'] },
  ]),
  incident('i3', 9, [{ tactic: 'execution', techniques: ['T1059.001'] }]),
  incident('i4', 9, []),
];

describe('the ATT&CK heatmap across incidents', () => {
  it('counts each technique once per incident, under its tactics in kill-chain order', () => {
    const heatmap = techniqueHeatmap(incidents);
    expect(heatmap.incidents).toBe(4);
    expect(heatmap.placement).toBe('rule-tags');
    expect(heatmap.techniques.map((technique) => [technique.id, technique.incidents])).toEqual([
      ['T1059.001', 3],
      ['T1003.001', 1],
      ['T1021.002', 1],
    ]);
    expect(heatmap.techniques[0]?.incidentIds).toEqual(['i3', 'i2', 'i1']);
    expect(heatmap.columns.map((column) => column.tactic)).toEqual([
      'execution',
      'credential-access',
      'lateral-movement',
    ]);
  });

  it('keeps only the incidents of the time range', () => {
    const heatmap = techniqueHeatmap(incidents, { from: '2024-05-04T00:00:00Z', to: '2024-05-09T00:00:00Z' });
    expect(heatmap.incidents).toBe(1);
    expect(heatmap.techniques.map((technique) => technique.id)).toEqual(['T1021.002', 'T1059.001']);
    expect(techniqueHeatmap(incidents, { from: '2025-01-01T00:00:00Z' }).techniques).toEqual([]);
  });

  it('places techniques under the catalogue tactics when ATT&CK is loaded, with names', () => {
    const attack = {
      resolve: (id: string) => id.toUpperCase(),
      technique: (id: string) => (id === 'T1021.002' ? { name: 'SMB/Windows Admin Shares' } : undefined),
      coreTacticsOf: (id: string) => (id === 'T1021.002' || id === 'T1021' ? ['lateral-movement'] : ['execution']),
    } as unknown as Parameters<typeof techniqueHeatmap>[2];
    const heatmap = techniqueHeatmap(
      [incident('x', 1, [{ tactic: 'execution', techniques: ['T1021.002'] }])],
      {},
      attack,
    );
    expect(heatmap.placement).toBe('catalogue');
    expect(heatmap.techniques[0]).toMatchObject({
      id: 'T1021.002',
      name: 'SMB/Windows Admin Shares',
      tactics: ['lateral-movement'],
    });
  });

  it('exports a Navigator 4.5 layer scored by incident count', () => {
    const layer = heatmapLayer(techniqueHeatmap(incidents, { from: '2024-05-01T00:00:00Z' }), {
      attackVersion: '18.1',
    });
    expect(navigatorLayerSchema.parse(layer).versions).toEqual({ attack: '18', navigator: '5.1.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.name).toContain('from 2024-05-01T00:00:00Z');
    expect(layer.techniques.find((technique) => technique.techniqueID === 'T1059.001')).toMatchObject({
      score: 3,
      comment: expect.stringContaining('3 of 4 incident(s)'),
    });
    expect(layer.gradient.maxValue).toBe(3);
    expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue);
  });
});
