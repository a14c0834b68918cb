import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { importIntel } from './import/import-intel.js';
import { importStixDocument } from './import/import-stix.js';
import { unwrapMispEvents } from './misp/misp-event-to-indicators.js';

function jsonFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Counts `to_ids` attributes (objects included) straight from the raw JSON, independently of the importer. */
function countToIds(document: unknown): number {
  return unwrapMispEvents(document).reduce<number>((total, event) => {
    const record = event as { Attribute?: { to_ids?: unknown }[]; Object?: { Attribute?: { to_ids?: unknown }[] }[] };
    const attributes = [
      ...(record.Attribute ?? []),
      ...(record.Object ?? []).flatMap((object) => object.Attribute ?? []),
    ];
    return (
      total +
      attributes.filter((attribute) => attribute.to_ids === true || attribute.to_ids === '1' || attribute.to_ids === 1)
        .length
    );
  }, 0);
}

describeWithShared('intel corpus: STIX', () => {
  it('imports every STIX 2.1 example without rejections', async () => {
    for (const file of jsonFiles(sharedPath('stix-taxii', 'cti-stix2-json-schemas', 'examples'))) {
      const result = await importIntel([file]);
      expect(result.rejected, file).toEqual([]);
      expect(result.objects, file).toBeGreaterThan(0);
    }
  });

  it('agrees with the STIX validator on its valid and invalid fixtures', async () => {
    const files = jsonFiles(
      sharedPath('stix-taxii', 'cti-stix-validator-tests', 'stix2validator', 'test', 'v21', 'test_examples'),
    );
    let agreements = 0;
    for (const file of files) {
      const expectedInvalid = /\/invalid_[^/]*$/.test(file);
      const result = await importIntel([file]);
      const rejected = result.rejected.length > 0;
      if (rejected === expectedInvalid) agreements += 1;
      else console.warn(`[intel] disagreement on ${file}: ${JSON.stringify(result.rejected)}`);
      if (expectedInvalid) expect(result.rejected[0]?.reason, file).toBeTruthy();
    }
    console.info(
      `[intel] STIX validator fixtures: ${agreements}/${files.length} agree (${((100 * agreements) / files.length).toFixed(0)}%)`,
    );
    expect(agreements).toBe(files.length);
  });

  it('imports the objects of the medallion TAXII test collections', async () => {
    const data = JSON.parse(
      readFileSync(
        sharedPath('stix-taxii', 'medallion-testdata', 'medallion', 'test', 'data', 'default_data.json'),
        'utf8',
      ),
    );
    const collections = Object.values(data as Record<string, { collections?: { objects?: unknown[] }[] }>).flatMap(
      (root) => root.collections ?? [],
    );
    const objects = collections.flatMap((collection) => collection.objects ?? []);
    const result = await importStixDocument([JSON.stringify({ objects })], 'medallion');
    const notDeclared21 = objects
      .filter((object) => (object as { spec_version?: string }).spec_version !== '2.1')
      .map((object) => (object as { id: string }).id);
    expect(result.objects + result.rejected.length).toBe(objects.length);
    for (const rejection of result.rejected) expect(notDeclared21).toContain(rejection.objectId);
    expect(result.indicators.length).toBeGreaterThan(0);
  });

  it('imports the ATT&CK STIX 2.1 bundles in relaxed mode, streaming the enterprise one', async () => {
    const directory = sharedPath('attack', 'stix21');
    for (const name of readdirSync(directory).filter((file) => /\.json(\.gz)?$/.test(file))) {
      const result = await importIntel([join(directory, name)]);
      expect(result.objects, name).toBeGreaterThan(0);
      expect(result.rejected.length, `${name}: ${JSON.stringify(result.rejected.slice(0, 3))}`).toBeLessThanOrEqual(
        result.objects / 100,
      );
      if (name.startsWith('enterprise')) expect(result.objects).toBe(24_772);
    }
  });
});

describeWithShared('intel corpus: MISP', () => {
  it('imports the feed directory with one indicator per to_ids attribute', async () => {
    const directory = sharedPath('misp', 'feed-from-pymisp-tests');
    const expected = jsonFiles(directory)
      .filter((file) => !file.endsWith('manifest.json'))
      .reduce((total, file) => total + countToIds(JSON.parse(readFileSync(file, 'utf8'))), 0);
    const result = await importIntel([directory]);
    expect(result.rejected).toEqual([]);
    expect(expected).toBeGreaterThan(500);
    expect(result.indicators).toHaveLength(expected);
  });

  it('imports every PyMISP test event with one indicator per to_ids attribute', async () => {
    const files = jsonFiles(sharedPath('misp', 'pymisp-tests', 'tests')).filter((file) => {
      const document = JSON.parse(readFileSync(file, 'utf8'));
      return 'Event' in document || 'response' in document;
    });
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const result = await importIntel([file]);
      expect(result.indicators.length, file).toBe(countToIds(JSON.parse(readFileSync(file, 'utf8'))));
    }
  });
});
