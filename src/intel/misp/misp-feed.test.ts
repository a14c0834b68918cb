import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncMispFeed } from './misp-feed.js';

function writeFeed(directory: string, events: Record<string, { timestamp: number; values: string[] }>): void {
  const manifest = Object.fromEntries(
    Object.entries(events).map(([uuid, event]) => [uuid, { info: uuid, timestamp: event.timestamp, Tag: [] }]),
  );
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(manifest));
  for (const [uuid, event] of Object.entries(events)) {
    const Attribute = event.values.map((value, index) => ({
      uuid: `${uuid.slice(0, 30)}${String(index).padStart(6, '0')}`,
      type: 'ip-dst',
      value,
      to_ids: true,
    }));
    writeFileSync(
      join(directory, `${uuid}.json`),
      JSON.stringify({ Event: { uuid, info: uuid, timestamp: String(event.timestamp), Attribute } }),
    );
  }
}

describe('syncMispFeed', () => {
  it('imports only new or changed events on later syncs and rejects a broken event alone', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vigil-misp-feed-'));
    const first = 'aaaaaaaa-0000-4000-8000-000000000001';
    const second = 'aaaaaaaa-0000-4000-8000-000000000002';
    writeFeed(directory, {
      [first]: { timestamp: 100, values: ['198.51.100.1'] },
      [second]: { timestamp: 100, values: ['198.51.100.2', '198.51.100.3'] },
    });
    const initial = await syncMispFeed(directory);
    expect(initial).toMatchObject({ eventsFetched: 2, eventsUnchanged: 0 });
    expect(initial.result.indicators).toHaveLength(3);

    writeFeed(directory, {
      [first]: { timestamp: 100, values: ['198.51.100.1'] },
      [second]: { timestamp: 200, values: ['198.51.100.9'] },
    });
    const later = await syncMispFeed(directory, { state: initial.state });
    expect(later).toMatchObject({ eventsFetched: 1, eventsUnchanged: 1 });
    expect(later.result.indicators.map((indicator) => indicator.value)).toEqual(['198.51.100.9']);
    expect(later.state.events[second]).toBe(200);

    writeFileSync(join(directory, `${second}.json`), '{ not json');
    writeFileSync(
      join(directory, 'manifest.json'),
      JSON.stringify({ [first]: { timestamp: 300 }, [second]: { timestamp: 300 } }),
    );
    const broken = await syncMispFeed(directory, { state: later.state });
    expect(broken.result.rejected).toEqual([expect.objectContaining({ objectId: second, position: `${second}.json` })]);
    expect(broken.state.events[second]).toBe(200);
    expect(broken.state.events[first]).toBe(300);
  });
});
