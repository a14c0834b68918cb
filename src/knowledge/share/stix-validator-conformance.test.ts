/**
 * The STIX export checked by the OASIS STIX 2.1 validator (stix2-validator, ../shared/peers) in
 * default, `--strict` and `--interop` modes: the incidents of the demo (investigated with its
 * intel, so matched indicators are in the export) and of three OTRF Security Datasets recordings,
 * with the ATT&CK catalogue for names and kill-chain phases. One python3 process validates all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPeers, peerScript, runPythonJson } from '../../../test/peers/peers.js';
import { repositoryRoot, sharedPath } from '../../../test/shared-data.js';
import { loadAttackCatalog } from '../../detect/index.js';
import { investigate, loadKnowledge } from '../../pipeline/index.js';
import { openStores } from '../../store/index.js';
import { packageIncident } from './incident-package.js';
import { incidentToStixBundle } from './incident-to-stix.js';

type Results = Record<string, Record<string, { valid: boolean; errors: string[]; warnings: number }>>;

describeWithPeers('STIX export against the OASIS validator (strict and interop)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-stix-validator-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('exports the demo and three OTRF incidents with zero errors in every mode', async () => {
    const otrf = (path: string) =>
      sharedPath('otrf-security-datasets', 'datasets', 'atomic', 'windows', ...path.split('/'));
    const inputs: Record<string, { logs: string[]; intel: string[] }> = {
      demo: {
        logs: [join(repositoryRoot, 'examples', 'demo', 'logs')],
        intel: [join(repositoryRoot, 'examples', 'demo', 'intel')],
      },
      'otrf-sam-dump': { logs: [otrf('credential_access/host/empire_shell_reg_dump_sam.zip')], intel: [] },
      'otrf-lsa-secrets': { logs: [otrf('credential_access/host/cmd_psexec_lsa_secrets_dump.zip')], intel: [] },
      'otrf-schtask': { logs: [otrf('lateral_movement/host/schtask_create.zip')], intel: [] },
    };
    const attack = await loadAttackCatalog(sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz'));
    const files: string[] = [];
    const summary: string[] = [];
    for (const [name, input] of Object.entries(inputs)) {
      const knowledge = await loadKnowledge({ rules: [join(repositoryRoot, 'rules')], intel: input.intel });
      const stores = await openStores(':memory:');
      const result = await investigate(input.logs, knowledge, stores.store);
      expect(result.incidents.length, name).toBeGreaterThan(0);
      for (const item of result.incidents) {
        const pack = await packageIncident(stores, item.incident.id, { ceiling: 'amber' });
        const bundle = incidentToStixBundle(pack, { attack });
        const file = join(folder, `${name}-${files.length}.json`);
        writeFileSync(file, JSON.stringify(bundle));
        files.push(file);
        const types = new Map<string, number>();
        for (const object of bundle.objects) types.set(object.type, (types.get(object.type) ?? 0) + 1);
        summary.push(
          `${name}: ${bundle.objects.length} objects (${[...types].map(([type, count]) => `${count} ${type}`).join(', ')})`,
        );
        if (name === 'demo') expect(types.get('indicator') ?? 0, 'matched indicators are exported').toBeGreaterThan(0);
        for (const pattern of bundle.objects.filter((object) => object.type === 'attack-pattern'))
          expect(pattern.name).not.toMatch(/^T\d{4}/);
      }
      await stores.close();
    }
    const results = await runPythonJson<Results>(peerScript('stix-validate.py'), [], files);
    const rows = Object.entries(results).flatMap(([file, modes]) =>
      Object.entries(modes).map(([mode, outcome]) => ({ file, mode, ...outcome })),
    );
    console.info(
      `[stix2-validator]\n${summary.join('\n')}\n${rows.map((row) => `${row.valid ? 'PASS' : 'FAIL'} | ${row.file.split('/').at(-1)} | ${row.mode} | ${row.errors.length} errors, ${row.warnings} warnings`).join('\n')}`,
    );
    expect(
      rows
        .filter((row) => !row.valid || row.errors.length > 0)
        .map((row) => `${row.file} ${row.mode}: ${row.errors.slice(0, 3).join('; ')}`),
    ).toEqual([]);
  }, 300_000);
});
