import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { parseCveRecord, readCveRecord } from './cve-record.js';
import { extractCves } from './extract-cves.js';
import { loadKev, parseKev } from './kev-catalog.js';

describe('extractCves', () => {
  it('normalises and de-duplicates', () => {
    expect(extractCves('exploit for cve-2021-44228 and CVE_2021_44228, also CVE-2017-0144.')).toEqual([
      'CVE-2021-44228',
      'CVE-2017-0144',
    ]);
    expect(extractCves('CVE-21-1 and XCVE-2021-1234')).toEqual([]);
  });

  test.prop([
    fc.integer({ min: 1999, max: 2099 }),
    fc.integer({ min: 1000, max: 9_999_999 }),
    fc.string(),
    fc.string(),
  ])('finds an id wherever it is embedded', (year, number, before, after) => {
    expect(extractCves(`${before} CVE-${year}-${number} ${after}`)).toContain(`CVE-${year}-${number}`);
  });
});

describe('KEV and CVE records', () => {
  it('parses a KEV catalogue and keeps good entries when one is bad', () => {
    const kev = parseKev({
      catalogVersion: '1',
      dateReleased: '2025-01-01',
      vulnerabilities: [
        {
          cveID: 'CVE-2021-44228',
          vendorProject: 'Apache',
          product: 'Log4j',
          vulnerabilityName: 'Log4Shell',
          dateAdded: '2021-12-10',
          shortDescription: 'JNDI',
          requiredAction: 'Patch',
          dueDate: '2021-12-24',
          knownRansomwareCampaignUse: 'Known',
        },
        { cveID: 'not-a-cve' },
      ],
    });
    expect(kev.get('cve-2021-44228')).toMatchObject({ ransomwareUse: true, dueDate: '2021-12-24' });
    expect(kev.rejected).toHaveLength(1);
    expect(() => parseKev({ nope: true })).toThrow(/not a KEV catalogue/);
  });

  it('reads the CVSS score of a CVE JSON 5 record', () => {
    const record = parseCveRecord({
      dataType: 'CVE_RECORD',
      dataVersion: '5.1',
      cveMetadata: { cveId: 'CVE-2024-0001', state: 'PUBLISHED' },
      containers: {
        cna: {
          descriptions: [{ lang: 'en', value: 'bad' }],
          metrics: [{ cvssV3_1: { version: '3.1', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
        },
      },
    });
    expect(record.cvss).toMatchObject({ score: 9.8, severity: 'CRITICAL' });
    expect(record.description).toBe('bad');
  });
});

describeWithShared('KEV and CVE corpus', () => {
  it('loads the CISA KEV catalogue', async () => {
    const kev = await loadKev(sharedPath('vuln', 'kev', 'known_exploited_vulnerabilities.json'));
    expect(kev.entries()).toHaveLength(1404);
    expect(kev.rejected).toEqual([]);
    expect(kev.has('CVE-2021-44228')).toBe(true);
    expect(kev.entries().some((entry) => entry.ransomwareUse)).toBe(true);
  });

  it('reads the CVE JSON 5 record fixtures', async () => {
    const folder = sharedPath(
      'vuln',
      'cve-json5-samples',
      'test-http',
      'src',
      'test',
      'cve_tests',
      'cve_record_fixtures',
    );
    const files = readdirSync(folder).filter((name) => /^CVE-.*\.json$/.test(name));
    const records = await Promise.all(files.map((name) => readCveRecord(join(folder, name))));
    expect(records.find((record) => record.id === 'CVE-2021-0005')).toMatchObject({
      state: 'PUBLISHED',
      affected: [{ vendor: 'Taylor, Shaffer and Allen', product: 'Taylor' }],
    });
    expect(records.find((record) => record.id === 'CVE-2009-0009')?.state).toBe('REJECTED');
  });
});
