/**
 * Threat intelligence that names who is behind an indicator changes the incident: the reasoning
 * names the malware and the intrusion set, and expects (never reports) the techniques ATT&CK says
 * they use in the tactics after those the incident reached. Through `investigate`, the path the
 * CLI, the API, the workers and the evaluation share.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { openStores, type Stores } from '../store/index.js';
import { investigate } from './investigate.js';
import { loadKnowledge } from './load-knowledge.js';

const intel = fileURLToPath(new URL('../intel/__fixtures__/attributed-bundle.json', import.meta.url));
const at = '2025-02-01T00:00:00.000Z';

/** A small ATT&CK-shaped catalogue written for the test: techniques with tactics, a group and a malware that use them. */
function miniAttack(): object {
  const technique = (id: string, name: string, tactic: string) => ({
    type: 'attack-pattern',
    spec_version: '2.1',
    id: `attack-pattern--${id}`,
    created: at,
    modified: at,
    name,
    kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
    external_references: [{ source_name: 'mitre-attack', external_id: id }],
  });
  const uses = (source: string, target: string) => ({
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${source}-${target}`,
    created: at,
    modified: at,
    relationship_type: 'uses',
    source_ref: source,
    target_ref: `attack-pattern--${target}`,
  });
  const named = (type: string, id: string, name: string, extra: object) => ({
    type,
    spec_version: '2.1',
    id: `${type}--${id}`,
    created: at,
    modified: at,
    name,
    external_references: [{ source_name: 'mitre-attack', external_id: id }],
    ...extra,
  });
  return {
    type: 'bundle',
    id: 'bundle--mini-attack',
    objects: [
      technique('T1071.001', 'Web Protocols', 'command-and-control'),
      technique('T1105', 'Ingress Tool Transfer', 'command-and-control'),
      technique('T1059.001', 'PowerShell', 'execution'),
      technique('T1003.001', 'LSASS Memory', 'credential-access'),
      technique('T1041', 'Exfiltration Over C2 Channel', 'exfiltration'),
      technique('T1567', 'Exfiltration Over Web Service', 'exfiltration'),
      technique('T1486', 'Data Encrypted for Impact', 'impact'),
      named('intrusion-set', 'G0999', 'Quiet Harbor', { aliases: ['Quiet Harbor', 'QH-17'] }),
      named('malware', 'S0999', 'NorthwindLoader', { x_mitre_aliases: ['NorthwindLoader', 'NWL'] }),
      uses('intrusion-set--G0999', 'T1003.001'),
      uses('intrusion-set--G0999', 'T1041'),
      uses('intrusion-set--G0999', 'T1486'),
      uses('malware--S0999', 'T1071.001'),
      uses('malware--S0999', 'T1105'),
      uses('malware--S0999', 'T1567'),
    ],
  };
}

/** Zeek JSON conn records: a host checking in with the indicator's address every two minutes. */
function beaconLog(destination: string): string {
  const start = Date.parse('2025-03-03T09:00:00Z') / 1000;
  return Array.from({ length: 6 }, (_, index) =>
    JSON.stringify({
      ts: start + index * 120,
      uid: `Cattr${index}`,
      'id.orig_h': '10.20.0.15',
      'id.orig_p': 50_000 + index,
      'id.resp_h': destination,
      'id.resp_p': 443,
      proto: 'tcp',
      service: 'ssl',
      duration: 0.4,
      orig_bytes: 310,
      resp_bytes: 1200,
      conn_state: 'SF',
    }),
  ).join('\n');
}

let folder: string;
let stores: Stores;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-attribution-'));
  stores = await openStores(join(folder, 'vigil.db'));
});
afterAll(async () => {
  await stores.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('an indicator match with STIX attribution', () => {
  it('names the malware and intrusion set, and expects their known techniques after the tactics reached', async () => {
    const attackFile = join(folder, 'mini-attack.json');
    writeFileSync(attackFile, JSON.stringify(miniAttack()));
    const logs = join(folder, 'logs');
    rmSync(logs, { recursive: true, force: true });
    mkdirSync(logs);
    writeFileSync(join(logs, 'conn.log'), `${beaconLog('203.0.113.77')}\n`);
    const knowledge = await loadKnowledge({ rules: [], intel: [intel], attack: attackFile });
    const run = await investigate([logs], knowledge, stores.store, { procedures: [], evidenceInference: false });
    expect(run.incidents).toHaveLength(1);
    const [{ reasoning, reported }] = run.incidents as [(typeof run.incidents)[number]];

    // The indicator is named "… C2 address": its alert lands in command-and-control, not "unknown".
    expect(reported.tactics).toEqual(['command-and-control']);
    const attribution = reasoning.context.attribution ?? [];
    expect(attribution.map((item) => [item.kind, item.name, item.attackId])).toEqual([
      ['malware', 'NorthwindLoader', 'S0999'],
      ['intrusion-set', 'Quiet Harbor', 'G0999'],
      ['threat-actor', 'Harbor Collective', undefined],
    ]);
    expect(attribution[0]?.evidence[0]).toEqual({
      kind: 'indicator',
      id: 'indicator--7e1a0000-0000-4000-8000-000000000001',
    });

    const expected = reasoning.sequence.likelyNext.filter((next) => next.basis === 'threat-intelligence');
    expect(expected.map((next) => [next.tactic, next.techniques])).toEqual([
      ['exfiltration', ['T1041', 'T1567']],
      ['impact', ['T1486']],
    ]);
    expect(expected[0]?.rationale).toMatch(/^expected, not observed: /);
    // Expectations, not findings: none of them is an incident technique, and nothing before C2 is expected.
    for (const technique of ['T1567', 'T1041', 'T1486', 'T1003.001', 'T1105', 'T1059.001'])
      expect(reported.techniques).not.toContain(technique);
    expect(reasoning.sequence.likelyNext.some((next) => next.techniques?.includes('T1003.001'))).toBe(false);
  }, 120_000);
});

describe('an indicator match with STIX attribution and no ATT&CK catalogue', () => {
  async function expectations(bundle: string) {
    const logs = join(folder, 'logs-no-attack');
    rmSync(logs, { recursive: true, force: true });
    mkdirSync(logs);
    writeFileSync(join(logs, 'conn.log'), `${beaconLog('203.0.113.77')}\n`);
    const knowledge = await loadKnowledge({ rules: [], intel: [bundle] });
    const run = await investigate([logs], knowledge, stores.store, { procedures: [], evidenceInference: false });
    const [incident] = run.incidents;
    expect(incident?.reasoning.context.attribution?.map((item) => item.name)).toContain('Quiet Harbor');
    return (incident?.reasoning.sequence.likelyNext ?? []).filter((next) => next.basis === 'threat-intelligence');
  }

  it('says the known techniques’ tactics are unknown, and why, rather than leaving them out', async () => {
    const expected = await expectations(intel);
    // The bundle places T1071.001 in command-and-control (reached); PowerShell and encryption it does not place.
    expect(expected.map((next) => [next.tactic, next.techniques])).toEqual([['unknown', ['T1059.001', 'T1486']]]);
    expect(expected[0]?.rationale).toMatch(/tactics are unknown because no ATT&CK catalogue is loaded/);
    expect(expected[0]?.evidence?.[0]?.kind).toBe('indicator');
  }, 60_000);

  it('places them by the kill-chain phases the intelligence’s own attack patterns carry', async () => {
    const bundle = JSON.parse(readFileSync(intel, 'utf8')) as { objects: Array<Record<string, unknown>> };
    const encryption = bundle.objects.find((object) => object.name === 'Data Encrypted for Impact')!;
    encryption.kill_chain_phases = [{ kill_chain_name: 'mitre-attack', phase_name: 'impact' }];
    const file = join(folder, 'attributed-with-phases.json');
    writeFileSync(file, JSON.stringify(bundle));
    const expected = await expectations(file);
    expect(expected.map((next) => [next.tactic, next.techniques])).toEqual([
      ['impact', ['T1486']],
      ['unknown', ['T1059.001']],
    ]);
    expect(expected[0]?.rationale).toMatch(/^expected, not observed: intrusion-set Quiet Harbor.*T1486 for impact/);
  }, 60_000);
});

describeWithShared('an indicator attributed to an ATT&CK group by name', () => {
  it('finds the group in ATT&CK 18.1 and expects only techniques ATT&CK says it uses', async () => {
    const at2 = '2025-02-01T00:00:00.000Z';
    const common = { spec_version: '2.1', created: at2, modified: at2 };
    const bundle = {
      type: 'bundle',
      id: 'bundle--7e1a0000-0000-4000-8000-0000000001ff',
      objects: [
        {
          ...common,
          type: 'indicator',
          id: 'indicator--7e1a0000-0000-4000-8000-000000000101',
          name: 'Landing page address',
          pattern: "[ipv4-addr:value = '198.51.100.99']",
          pattern_type: 'stix',
          valid_from: at2,
          kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
        },
        { ...common, type: 'intrusion-set', id: 'intrusion-set--7e1a0000-0000-4000-8000-000000000102', name: 'APT29' },
        {
          ...common,
          type: 'relationship',
          id: 'relationship--7e1a0000-0000-4000-8000-000000000103',
          relationship_type: 'indicates',
          source_ref: 'indicator--7e1a0000-0000-4000-8000-000000000101',
          target_ref: 'intrusion-set--7e1a0000-0000-4000-8000-000000000102',
        },
      ],
    };
    const intelFile = join(folder, 'apt29.json');
    writeFileSync(intelFile, JSON.stringify(bundle));
    const logs = join(folder, 'logs-apt29');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'conn.log'), `${beaconLog('198.51.100.99')}\n`);
    const attackFile = sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
    const knowledge = await loadKnowledge({ rules: [], intel: [intelFile], attack: attackFile });
    const group = knowledge.attack?.actor('APT29');
    expect(group?.id).toBe('G0016');
    const run = await investigate([logs], knowledge, stores.store, { procedures: [], evidenceInference: false });
    const [{ reasoning, reported }] = run.incidents as [(typeof run.incidents)[number]];
    expect(reported.tactics).toEqual(['initial-access']);
    expect(reasoning.context.attribution?.[0]).toMatchObject({
      kind: 'intrusion-set',
      name: 'APT29',
      attackId: 'G0016',
    });
    const expected = reasoning.sequence.likelyNext.filter((next) => next.basis === 'threat-intelligence');
    // The next three tactics on the kill chain where ATT&CK knows APT29's techniques.
    expect(expected.map((next) => next.tactic)).toEqual(['execution', 'persistence', 'privilege-escalation']);
    for (const next of expected) {
      for (const technique of next.techniques ?? []) {
        expect(group?.techniques).toContain(technique);
        expect(knowledge.attack?.coreTacticsOf(technique)).toContain(next.tactic);
        expect(reported.techniques).not.toContain(technique);
      }
    }
  }, 180_000);
});
