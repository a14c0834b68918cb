import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { buildAttackCatalog } from '../detect/index.js';
import { type AttackCacheOptions, readAttackBundle } from './attack-bundle-cache.js';

const reference = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];
const bundleObjects = (techniqueName: string) => [
  { type: 'x-mitre-collection', id: 'x-mitre-collection--1', name: 'Enterprise', x_mitre_version: '18.1' },
  {
    type: 'attack-pattern',
    id: 'attack-pattern--1',
    name: techniqueName,
    description: 'Adversaries may dump LSASS.',
    external_references: reference('T1003.001'),
    kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'credential-access' }],
    x_mitre_platforms: ['Windows'],
    x_mitre_unread_field: 'dropped by the schema',
  },
  // Fails its schema (no name): counted, not kept.
  { type: 'attack-pattern', id: 'attack-pattern--2', external_references: reference('T1059') },
  {
    type: 'x-mitre-tactic',
    id: 'x-mitre-tactic--1',
    name: 'Credential Access',
    x_mitre_shortname: 'credential-access',
  },
  {
    type: 'intrusion-set',
    id: 'intrusion-set--1',
    name: 'APT Test',
    aliases: ['Tester'],
    external_references: reference('G0001'),
  },
  {
    type: 'relationship',
    id: 'relationship--1',
    relationship_type: 'uses',
    source_ref: 'intrusion-set--1',
    target_ref: 'attack-pattern--1',
    description: 'APT Test used procdump to dump LSASS memory.',
  },
  { type: 'x-mitre-analytic', id: 'x-mitre-analytic--1', name: 'AN1', x_mitre_platforms: ['Windows'] },
];

describe('the ATT&CK cache', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const setUp = (warnings: string[] = []) => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-attack-cache-'));
    folders.push(folder);
    const bundle = join(folder, 'bundle.json');
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', objects: bundleObjects('LSASS Memory') }));
    const cache: AttackCacheOptions = {
      folder: join(folder, 'cache'),
      warn: (message) => warnings.push(message),
      fingerprint: 'test-code',
    };
    return { bundle, cache };
  };
  const entries = (cache: AttackCacheOptions) => readdirSync(cache.folder).filter((name) => name.endsWith('.json'));
  const entryPath = (cache: AttackCacheOptions) => join(cache.folder, entries(cache)[0]!);
  /** Rewrites the entry's body with `body`, its checksum made to match (a forged entry). */
  const forge = (cache: AttackCacheOptions, body: string) => {
    const bytes = readFileSync(entryPath(cache));
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { checksum: string };
    header.checksum = createHash('sha256').update(body).digest('hex');
    writeFileSync(entryPath(cache), `${JSON.stringify(header)}\n${body}`);
  };

  it('gives, filled and from the entry, what reading the bundle gives', async () => {
    const warnings: string[] = [];
    const { bundle, cache } = setUp(warnings);
    const read = await readAttackBundle(bundle, undefined);
    expect(read.content.techniques).toHaveLength(1);
    expect(read.content.invalid).toBe(1);
    expect(read.procedures).toEqual([
      { text: 'APT Test used procdump to dump LSASS memory.', technique: 'T1003.001', actorId: 'G0001' },
    ]);
    const filled = await readAttackBundle(bundle, cache);
    expect(entries(cache)).toHaveLength(1);
    const inode = statSync(entryPath(cache)).ino;
    const cached = await readAttackBundle(bundle, cache);
    expect(statSync(entryPath(cache)).ino).toBe(inode);
    expect(warnings).toEqual([]);
    for (const bundleRead of [filled, cached]) {
      expect(bundleRead).toEqual(read);
      expect([...bundleRead.content.named.keys()]).toEqual([...read.content.named.keys()]);
    }
    const catalog = (content: typeof read.content) => {
      const built = buildAttackCatalog([content]);
      return {
        techniques: built.techniques(),
        tactics: built.tactics(),
        actor: built.actor('G0001'),
        version: built.version,
        invalid: built.invalidObjects,
      };
    };
    expect(catalog(cached.content)).toEqual(catalog(read.content));
  });

  it('is a different entry when the bundle or the reading code changes', async () => {
    const { bundle, cache } = setUp();
    await readAttackBundle(bundle, cache);
    writeFileSync(bundle, JSON.stringify({ type: 'bundle', objects: bundleObjects('LSASS Memory Dump') }));
    expect((await readAttackBundle(bundle, cache)).content.techniques[0]?.name).toBe('LSASS Memory Dump');
    expect(entries(cache)).toHaveLength(2);
    await readAttackBundle(bundle, { ...cache, fingerprint: 'other-code' });
    expect(entries(cache)).toHaveLength(3);
  });

  it('rebuilds, with a warning, an entry whose bytes changed or that was forged', async () => {
    const warnings: string[] = [];
    const { bundle, cache } = setUp(warnings);
    const expected = await readAttackBundle(bundle, cache);
    const bytes = readFileSync(entryPath(cache));
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(entryPath(cache), bytes);
    expect(await readAttackBundle(bundle, cache)).toEqual(expected);
    expect(warnings).toEqual([expect.stringContaining('checksum mismatch')]);
    // An object the catalog's schemas refuse (a technique without a name), checksum matching.
    const entry = JSON.parse(readFileSync(entryPath(cache), 'utf8').split('\n')[1]!) as {
      objects: { name?: string }[];
    };
    delete entry.objects[1]!.name;
    forge(cache, JSON.stringify(entry));
    warnings.length = 0;
    expect(await readAttackBundle(bundle, cache)).toEqual(expected);
    expect(warnings).toEqual([expect.stringContaining("1 objects fail the catalog's schemas")]);
    // Procedure examples of the wrong shape.
    forge(cache, JSON.stringify({ invalid: 1, objects: [], procedures: [{ text: 3 }] }));
    warnings.length = 0;
    expect(await readAttackBundle(bundle, cache)).toEqual(expected);
    expect(warnings).toEqual([expect.stringContaining('not an ATT&CK cache entry')]);
  });

  it('leaves one whole entry when two writers fill it at once, which the next read uses', async () => {
    const warnings: string[] = [];
    const { bundle, cache } = setUp(warnings);
    const [first, second] = await Promise.all([readAttackBundle(bundle, cache), readAttackBundle(bundle, cache)]);
    expect(second).toEqual(first);
    expect(readdirSync(cache.folder)).toHaveLength(1);
    const inode = statSync(entryPath(cache)).ino;
    expect(await readAttackBundle(bundle, cache)).toEqual(first);
    expect(statSync(entryPath(cache)).ino).toBe(inode);
    expect(warnings).toEqual([]);
  });
});

describeWithShared('the ATT&CK cache on the enterprise bundle', () => {
  it('gives the catalog and procedure examples that reading the bundle gives', async () => {
    const bundle = sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
    const folder = mkdtempSync(join(tmpdir(), 'vigil-attack-cache-'));
    try {
      const cache = { folder, warn: (message: string) => expect.fail(message) };
      const read = await readAttackBundle(bundle, undefined);
      await readAttackBundle(bundle, cache);
      const cached = await readAttackBundle(bundle, cache);
      expect(cached.procedures).toEqual(read.procedures);
      expect(cached.content.invalid).toBe(read.content.invalid);
      const picture = (content: typeof read.content) => {
        const catalog = buildAttackCatalog([content]);
        return JSON.stringify({
          techniques: catalog.techniques(),
          tactics: catalog.tactics(),
          sources: catalog.dataComponentSources(),
          actors: ['G0007', 'S0002', 'C0001'].map((id) => catalog.actor(id)),
          version: catalog.version,
        });
      };
      expect(picture(cached.content)).toBe(picture(read.content));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
