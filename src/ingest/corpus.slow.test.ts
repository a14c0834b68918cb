import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { countEvents, expectedLineCounts } from './corpus-support.js';

interface IndexEntry {
  files: { type: string; path: string; present?: boolean }[];
}

/** The whole corpus: every OTRF host-log zip and Zeek zip, every Zeek sample log. About a minute on 2 cores. */
describeWithShared('ingest corpus (full)', () => {
  it('reads every OTRF host-log and Zeek zip: one event per non-empty line, no rejection', async () => {
    const root = sharedPath('otrf-security-datasets');
    const index = JSON.parse(readFileSync(`${root}/index.json`, 'utf8')) as IndexEntry[];
    const archives = [
      ...new Set(
        index.flatMap((entry) =>
          entry.files
            .filter((file) => file.present && /\.zip$/i.test(file.path))
            .filter((file) => file.type === 'Host' || file.path.includes('zeek'))
            .map((file) => `${root}/${file.path}`),
        ),
      ),
    ];
    expect(archives.length).toBeGreaterThan(80);
    const expected = await expectedLineCounts(archives);
    const { members, rejected } = await countEvents(archives);
    expect(rejected.filter((line) => !/\.(cap|pcapng?):/.test(line))).toEqual([]);
    const mismatches = [...expected].filter(([member, lines]) => members.get(member)?.events !== lines);
    expect(mismatches).toEqual([]);
  });

  it('reads every Zeek sample log, TSV and JSON, with the same counts', async () => {
    const inputs = [
      sharedPath('zeek', 'zed-sample-data', 'zeek-default'),
      sharedPath('zeek', 'zed-sample-data', 'zeek-json'),
    ];
    const expected = await expectedLineCounts(inputs);
    const { members, rejected } = await countEvents(inputs);
    expect(rejected).toEqual([]);
    const mismatches = [...expected].filter(([member, lines]) => members.get(member)?.events !== lines);
    expect(mismatches).toEqual([]);
  });
});
