import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIntel } from '../import/import-intel.js';
import type { MispFeedState } from './misp-feed.js';

const uuid = (n: number) => `7c1d2e3f-0000-4000-8000-${String(n).padStart(12, '0')}`;

function event(n: number, timestamp: number, tags: { name: string }[] = []) {
  return {
    Event: {
      uuid: uuid(n),
      info: `event ${n}`,
      timestamp: String(timestamp),
      Tag: tags,
      Attribute: [{ uuid: uuid(100 + n), type: 'ip-dst', value: `198.51.100.${n}`, to_ids: true }],
    },
  };
}

function writeFeed(folder: string, events: ReturnType<typeof event>[]): void {
  const manifest = Object.fromEntries(
    events.map((item) => [
      item.Event.uuid,
      { info: item.Event.info, timestamp: item.Event.timestamp, Tag: item.Event.Tag },
    ]),
  );
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
  for (const item of events) writeFileSync(join(folder, `${item.Event.uuid}.json`), JSON.stringify(item));
}

describe('MISP feeds: incremental watching and unmarked events', () => {
  it('reads only events whose manifest timestamp moved since the last sync', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-feed-watch-'));
    writeFeed(folder, [event(1, 1_700_000_000), event(2, 1_700_000_000)]);
    const feeds: Record<string, MispFeedState> = {};
    const first = await importIntel([folder], { feeds });
    expect(first.indicators).toHaveLength(2);
    expect((await importIntel([folder], { feeds })).indicators).toHaveLength(0);
    writeFeed(folder, [event(1, 1_700_000_000), event(2, 1_700_000_500), event(3, 1_700_000_600)]);
    const third = await importIntel([folder], { feeds });
    expect(third.indicators.map((indicator) => indicator.value).sort()).toEqual(['198.51.100.2', '198.51.100.3']);
  });

  it('gives unmarked events the configured TLP, AMBER by default, never a silent CLEAR', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-feed-tlp-'));
    writeFeed(folder, [event(1, 1_700_000_000), event(2, 1_700_000_000, [{ name: 'tlp:clear' }])]);
    const byDefault = await importIntel([folder]);
    expect(Object.fromEntries(byDefault.indicators.map((item) => [item.value, item.tlp]))).toEqual({
      '198.51.100.1': 'amber',
      '198.51.100.2': 'clear',
    });
    const configured = await importIntel([folder], { unmarkedTlp: 'green' });
    expect(configured.indicators.find((item) => item.value === '198.51.100.1')?.tlp).toBe('green');
  });
});
