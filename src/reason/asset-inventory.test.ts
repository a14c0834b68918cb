import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputInvalidError, InputUnreadableError } from '../core/index.js';
import { assetCriticality, loadAssetInventory } from './asset-inventory.js';

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
