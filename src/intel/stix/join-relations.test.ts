import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIntel } from '../import/import-intel.js';
import { joinIndicatorRelations } from './join-relations.js';
import type { StixObject } from './stix-object.js';

const time = '2025-05-01T00:00:00.000Z';
const common = { spec_version: '2.1', created: time, modified: time };
const id = (type: string, number: number) => `${type}--7c1d0e2f-0000-4000-8000-${String(number).padStart(12, '0')}`;
const indicator = (number: number) => ({
  type: 'indicator',
  ...common,
  id: id('indicator', number),
  pattern: `[ipv4-addr:value = '203.0.113.${number}']`,
  pattern_type: 'stix',
  valid_from: time,
});
const tool = { type: 'tool', ...common, id: id('tool', 50), name: 'Tunnelrat' };
const exfiltration = {
  type: 'attack-pattern',
  ...common,
  id: id('attack-pattern', 51),
  name: 'Exfiltration Over C2 Channel',
  external_references: [{ source_name: 'mitre-attack', external_id: 'T1041' }],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'exfiltration' }],
};
const relationship = (number: number, source: string, type: string, target: string) => ({
  type: 'relationship',
  ...common,
  id: id('relationship', number),
  relationship_type: type,
  source_ref: source,
  target_ref: target,
});
const bundle = (objects: object[]) => JSON.stringify({ type: 'bundle', id: id('bundle', 99), objects });

describe('relationships of one source joined with another’s indicators', () => {
  it('joins two bundles given together, whichever holds the indicator', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-join-'));
    writeFileSync(join(folder, 'indicators.json'), bundle([indicator(1), indicator(2)]));
    writeFileSync(
      join(folder, 'context.json'),
      bundle([
        tool,
        exfiltration,
        relationship(60, id('indicator', 1), 'indicates', tool.id),
        relationship(61, id('indicator', 1), 'indicates', exfiltration.id),
      ]),
    );
    for (const order of [
      ['indicators.json', 'context.json'],
      ['context.json', 'indicators.json'],
    ]) {
      const result = await importIntel(order.map((file) => join(folder, file)));
      const [first, second] = ['203.0.113.1', '203.0.113.2'].map((value) =>
        result.indicators.find((item) => item.value === value),
      );
      expect(first?.attribution?.map((entry) => [entry.kind, entry.name])).toEqual([['tool', 'Tunnelrat']]);
      expect(first?.techniques).toEqual(['T1041']);
      expect(first?.tactics).toEqual(['exfiltration']);
      // An indicator no relationship names is left as it was.
      expect(second?.attribution).toBeUndefined();
      expect(second?.techniques).toEqual([]);
    }
  });

  it('returns an indicator the context says nothing new about as the same object', async () => {
    const [indicated] = (
      await importIntel([writeBundle([indicator(3), tool, relationship(62, id('indicator', 3), 'indicates', tool.id)])])
    ).indicators;
    expect(indicated?.attribution).toHaveLength(1);
    expect(indicated?.fromRelationships?.attributions).toEqual(['tool\ntunnelrat']);
    // The same context again: nothing changes, the same object comes back.
    const context = [tool, relationship(62, id('indicator', 3), 'indicates', tool.id)] as unknown as StixObject[];
    expect(joinIndicatorRelations([indicated!], context)[0]).toBe(indicated);
  });

  it('takes back what a relationship gave once it is revoked or replaced by a newer version, keeping the indicator’s own', async () => {
    const own = {
      ...indicator(4),
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1041' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'exfiltration' }],
    };
    const given = relationship(64, id('indicator', 4), 'indicates', tool.id);
    const c2 = {
      ...exfiltration,
      id: id('attack-pattern', 52),
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1071.001' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }],
    };
    const alsoGiven = relationship(65, id('indicator', 4), 'indicates', c2.id);
    const [indicated] = (await importIntel([writeBundle([own, tool, c2, given, alsoGiven])])).indicators;
    expect(indicated?.attribution?.map((entry) => entry.name)).toEqual(['Tunnelrat']);
    expect(indicated?.techniques).toEqual(['T1041', 'T1071.001']);
    const later = '2025-06-01T00:00:00.000Z';
    const revoked = { ...given, modified: later, revoked: true };
    const retargeted = { ...alsoGiven, modified: later, target_ref: id('attack-pattern', 53) };
    const [after] = joinIndicatorRelations([indicated!], [
      tool,
      c2,
      given,
      revoked,
      alsoGiven,
      retargeted,
    ] as unknown as StixObject[]);
    expect(after?.attribution).toBeUndefined();
    // Its own technique and tactic stay; the replaced relationship's are gone.
    expect(after?.techniques).toEqual(['T1041']);
    expect(after?.tactics).toEqual(['exfiltration']);
    expect(after?.fromRelationships).toBeUndefined();
    // A revoked intrusion set (the SDO itself) attributes nothing either.
    const [withRevokedTool] = joinIndicatorRelations([indicated!], [
      { ...tool, modified: later, revoked: true },
      given,
    ] as unknown as StixObject[]);
    expect(withRevokedTool?.attribution).toBeUndefined();
  });

  it('keeps what an indicator stored before its joins were recorded had (no fromRelationships: its own)', () => {
    const stored = {
      id: id('indicator', 5),
      type: 'ipv4-addr' as const,
      value: '203.0.113.5',
      confidence: 50,
      revoked: false,
      source: 'older import',
      tlp: 'clear' as const,
      labels: [],
      techniques: [],
      attribution: [{ kind: 'tool' as const, name: 'Tunnelrat', via: 'STIX: indicator indicates tool "Tunnelrat"' }],
    };
    const [kept] = joinIndicatorRelations([stored], [
      relationship(66, id('indicator', 5), 'indicates', id('malware', 70)),
    ] as unknown as StixObject[]);
    expect(kept?.attribution?.map((entry) => entry.name)).toEqual(['Tunnelrat']);
  });
});

function writeBundle(objects: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-join-')), 'bundle.json');
  writeFileSync(file, bundle(objects));
  return file;
}
