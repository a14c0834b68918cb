import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import type { Event } from '../core/index.js';
import { createDetector } from '../detect/index.js';
import { loadKnowledge } from './load-knowledge.js';

const rule = `title: Security log cleared
id: 5a7c9b1e-0000-4000-8000-00000000c0de
logsource: { product: windows, service: security }
detection:
  selection: { EventID: 1102 }
  condition: selection
tags: [attack.stealth, attack.t1685.005]
`;

const cleared: Event = {
  id: 'e1',
  timestamp: '2025-01-01T00:00:00Z',
  origin: { format: 'windows-json' },
  kind: 'event',
  category: [],
  outcome: 'unknown',
  observables: [],
  fields: { EventID: 1102, Channel: 'Security' },
  raw: '',
};

describeWithShared('knowledge: one ATT&CK version', () => {
  it('maps the ids of rules tagged for a newer ATT&CK onto the loaded catalogue, through the crosswalk beside the rules', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-crosswalk-'));
    mkdirSync(join(root, 'rules', 'windows'), { recursive: true });
    writeFileSync(join(root, 'rules', 'windows', 'cleared.yml'), rule);
    const bundle = sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');

    const without = await loadKnowledge({ rules: [join(root, 'rules', 'windows')], intel: [], attack: bundle });
    expect(without.attack?.crosswalkFile).toBeUndefined();
    expect(createDetector(without.rules, { attack: without.attack }).process(cleared)[0]?.techniques).toEqual([
      'T1685.005',
    ]);

    writeFileSync(
      join(root, 'attack-v19-to-v18-crosswalk.json'),
      JSON.stringify({ tactics: { stealth: ['defense-evasion'] }, techniques: { 'T1685.005': ['T1070.001'] } }),
    );
    const knowledge = await loadKnowledge({ rules: [join(root, 'rules', 'windows')], intel: [], attack: bundle });
    expect(knowledge.attack?.crosswalkFile).toBe(join(root, 'attack-v19-to-v18-crosswalk.json'));
    const [alert] = createDetector(knowledge.rules, { attack: knowledge.attack }).process(cleared);
    expect(alert?.techniques).toEqual(['T1070.001']);
    expect(alert?.tactics).toEqual(['defense-evasion']);

    // Beside the Atomic Red Team tests (tagged for the newer version too), with rules that have none nearby.
    const atomics = join(root, 'atomic-red-team', 'atomics');
    mkdirSync(atomics, { recursive: true });
    mkdirSync(join(root, 'elsewhere', 'a', 'b', 'rules'), { recursive: true });
    writeFileSync(join(root, 'elsewhere', 'a', 'b', 'rules', 'cleared.yml'), rule);
    writeFileSync(
      join(root, 'atomic-red-team', 'attack-v19-to-v18-crosswalk.json'),
      JSON.stringify({ tactics: {}, techniques: { 'T1685.005': ['T1070.001'] } }),
    );
    const besideAtomics = await loadKnowledge({
      rules: [join(root, 'elsewhere', 'a', 'b', 'rules')],
      intel: [],
      attack: bundle,
      atomicRedTeam: atomics,
    });
    expect(besideAtomics.attack?.crosswalkFile).toBe(join(root, 'atomic-red-team', 'attack-v19-to-v18-crosswalk.json'));
  });
});
