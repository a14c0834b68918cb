/**
 * A MISP event's galaxies change the incident, through `investigate` (the path the CLI, the API,
 * the workers and the evaluation share): an attack-pattern cluster (current
 * `misp-galaxy:mitre-attack-pattern` or the older `mitre-enterprise-attack-attack-pattern`) brings
 * its technique and that technique's tactic, never an "unknown" stage; a threat-actor, intrusion-set
 * or malware cluster names who is likely behind it, and ATT&CK's record of that actor gives the
 * likely next steps (expected, never reported). The event is a real one from ../shared (the
 * pymisp test feed's "Sednit update" event, tagged Sofacy); the tags on two of its attributes and
 * the log are ours.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { loadAttackCatalog } from '../detect/index.js';
import { openStores, type Stores } from '../store/index.js';
import { investigate } from './investigate.js';
import { loadKnowledge } from './load-knowledge.js';

type Attribute = { value: string; Tag?: { name: string }[]; Galaxy?: unknown[] };

/** Zeek JSON DNS look-ups of `names` from one workstation, five minutes apart (after the event). */
function dnsLog(names: string[]): string {
  const start = Date.parse('2018-01-10T09:00:00Z') / 1000;
  return names
    .map((query, index) =>
      JSON.stringify({
        ts: start + index * 300,
        uid: `Cmisp${index}`,
        'id.orig_h': '10.20.0.15',
        'id.orig_p': 50_000 + index,
        'id.resp_h': '10.20.0.2',
        'id.resp_p': 53,
        proto: 'udp',
        query,
        qtype_name: 'A',
        rcode_name: 'NOERROR',
      }),
    )
    .join('\n');
}

let folder: string;
let stores: Stores;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-misp-galaxy-'));
  stores = await openStores(join(folder, 'vigil.db'));
});
afterAll(async () => {
  await stores.close();
  rmSync(folder, { recursive: true, force: true });
});

describeWithShared('MISP galaxies in an incident', () => {
  /** The Sednit event with `tag` on one attribute (or a Galaxy cluster object), written to a file. */
  function sednitEvent(change: (attributes: Attribute[]) => void): string {
    const document = JSON.parse(
      readFileSync(sharedPath('misp', 'feed-from-pymisp-tests', '5a3c2fcd-8328-42bb-a95e-4f4402de0b81.json'), 'utf8'),
    ) as { Event: { Attribute: Attribute[] } };
    change(document.Event.Attribute);
    const file = join(folder, `event-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(document));
    return file;
  }
  const tagged = (attributes: Attribute[], value: string, tag: string) =>
    attributes.find((attribute) => attribute.value === value)!.Tag!.push({ name: tag });

  async function run(intel: string, attack: string | undefined, names: string[]) {
    const logs = join(folder, `logs-${Math.random().toString(36).slice(2)}`);
    mkdirSync(logs);
    writeFileSync(join(logs, 'dns.log'), `${dnsLog(names)}\n`);
    const knowledge = await loadKnowledge({ rules: [], intel: [intel], ...(attack ? { attack } : {}) });
    const result = await investigate([logs], knowledge, stores.store, { procedures: [], evidenceInference: false });
    expect(result.incidents).toHaveLength(1);
    return result.incidents[0]!;
  }

  it('places attack-pattern tags (current and older galaxy names) in their ATT&CK tactic and names the actor with its next steps', async () => {
    const attackFile = sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
    const intel = sednitEvent((attributes) => {
      for (const attribute of attributes) attribute.Tag ??= [];
      tagged(attributes, 'movieultimate.com', 'misp-galaxy:mitre-attack-pattern="DNS - T1071.004"');
      tagged(
        attributes,
        'meteost.com',
        'misp-galaxy:mitre-enterprise-attack-attack-pattern="Standard Application Layer Protocol - T1071"',
      );
    });
    const { reported, reasoning } = await run(intel, attackFile, [
      'movieultimate.com',
      'meteost.com',
      'movieultimate.com',
    ]);
    expect(reported.techniques).toEqual(['T1071', 'T1071.004']);
    expect(reported.tactics).toEqual(['command-and-control']);
    expect(reported.stages.map((stage) => stage.tactic)).not.toContain('unknown');

    const attribution = reasoning.context.attribution ?? [];
    const actor = attribution.find((entry) => entry.kind === 'threat-actor');
    expect([actor?.name, actor?.attackId]).toEqual(['Sofacy', 'G0007']);
    expect(attribution.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['malware']));
    // Next steps: what ATT&CK says APT28 uses, in tactics after command-and-control; expected, not reported.
    const attack = await loadAttackCatalog(attackFile);
    const known = new Set(attack.actor('G0007')!.techniques);
    const expected = reasoning.sequence.likelyNext.filter((next) => next.basis === 'threat-intelligence');
    expect(expected.length).toBeGreaterThan(0);
    for (const next of expected) {
      expect(next.tactic).not.toBe('unknown');
      for (const technique of next.techniques ?? []) {
        expect(reported.techniques).not.toContain(technique);
        expect(
          known.has(technique) || attribution.some((entry) => entry.kind !== 'threat-actor'),
          `${technique} is known for the actor or its software`,
        ).toBe(true);
      }
    }
  }, 120_000);

  it('takes an attack-pattern cluster’s tactic from its kill chain when no ATT&CK catalogue is loaded', async () => {
    const galaxy = JSON.parse(
      readFileSync(sharedPath('misp', 'misp-galaxy', 'clusters', 'mitre-attack-pattern.json'), 'utf8'),
    ) as {
      type: string;
      uuid: string;
      values: { value: string; uuid: string; meta: Record<string, unknown> }[];
    };
    const cluster = galaxy.values.find((value) => value.value === 'DNS - T1071.004')!;
    const intel = sednitEvent((attributes) => {
      const attribute = attributes.find((item) => item.value === 'movieultimate.com')!;
      attribute.Galaxy = [
        {
          type: galaxy.type,
          name: 'Attack Pattern',
          uuid: galaxy.uuid,
          GalaxyCluster: [{ ...cluster, type: galaxy.type }],
        },
      ];
    });
    const { alerts } = await run(intel, undefined, ['movieultimate.com', 'movieultimate.com']);
    // Each match brings the cluster's technique and the tactic its kill chain names: no unknown stage for it.
    expect(alerts.map((alert) => [alert.techniques, alert.tactics])).toEqual([
      [['T1071.004'], ['command-and-control']],
      [['T1071.004'], ['command-and-control']],
    ]);
  }, 60_000);
});
