import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputInvalidError, InputUnreadableError } from '../core/index.js';
import { assetCriticality, loadAssetInventory, loadAssetInventoryFile } from './asset-inventory.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-assets-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function inventoryFile(name: string, text: string): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, text);
  return file;
}

describe('loadAssetInventory', () => {
  it('reads hosts with criticality and role, keeping extra fields, for reasoning and policy alike', async () => {
    const file = await inventoryFile(
      'good.yaml',
      [
        'assets:',
        '  - host: DC01.corp.example',
        '    criticality: critical',
        '    role: domain controller',
        '  - host: ws-fin-07',
        '    criticality: medium',
        '    owner: finance',
      ].join('\n'),
    );
    const assets = await loadAssetInventory(file);
    expect(assets).toEqual([
      { host: 'DC01.corp.example', criticality: 'critical', role: 'domain controller' },
      { host: 'ws-fin-07', criticality: 'medium', owner: 'finance' },
    ]);
    expect([...assetCriticality(assets)]).toEqual([
      ['dc01', 'critical'],
      ['ws-fin-07', 'medium'],
    ]);
  });

  it('names the file and the field of a bad entry', async () => {
    const file = await inventoryFile(
      'bad-field.yaml',
      'assets:\n  - host: a\n    criticality: low\n  - host: b\n    criticality: vital\n',
    );
    const error = await loadAssetInventory(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputInvalidError);
    expect((error as InputInvalidError).location).toEqual({ file, field: 'assets.1.criticality' });
    expect((error as Error).message).toContain('assets.1.criticality');
  });

  it('reads the techniques an identity declares, and names the field of one that is not a technique id', async () => {
    const good = await inventoryFile(
      'techniques.yaml',
      'identities:\n  - account: m.keller\n    role: admin\n    hosts: [fw01]\n    techniques: [T1562.004, T1112]\n',
    );
    expect((await loadAssetInventoryFile(good)).identities[0]?.techniques).toEqual(['T1562.004', 'T1112']);
    for (const [name, value] of [
      ['tactic', 'defense-evasion'],
      ['name', 'Disable or Modify System Firewall'],
      ['short', 'T562'],
    ] as const) {
      const file = await inventoryFile(
        `bad-technique-${name}.yaml`,
        `identities:\n  - account: m.keller\n    role: admin\n    techniques: [T1112, "${value}"]\n`,
      );
      const error = await loadAssetInventoryFile(file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputInvalidError);
      expect((error as InputInvalidError).location).toEqual({ file, field: 'identities.0.techniques.1' });
      expect((error as Error).message).toContain('an ATT&CK technique id');
    }
    const empty = await inventoryFile(
      'no-techniques.yaml',
      'identities:\n  - account: a\n    role: admin\n    techniques: []\n',
    );
    const error = await loadAssetInventoryFile(empty).catch((caught: unknown) => caught);
    expect((error as InputInvalidError).location).toEqual({ file: empty, field: 'identities.0.techniques' });
  });

  it('names the file of text that is not YAML, and of a file that cannot be read', async () => {
    const file = await inventoryFile('broken.yaml', 'assets: [\n  - host: a\n');
    const invalid = await loadAssetInventory(file).catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(InputInvalidError);
    expect((invalid as InputInvalidError).location?.file).toBe(file);
    const missing = join(folder, 'missing.yaml');
    const unreadable = await loadAssetInventory(missing).catch((caught: unknown) => caught);
    expect(unreadable).toBeInstanceOf(InputUnreadableError);
    expect((unreadable as InputUnreadableError).location?.file).toBe(missing);
  });
});
