import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Event } from './event.js';
import { recordSnapshotOf, rememberRecordSnapshot, snapshotRecord } from './record-snapshot.js';

const raw = '{"EventID":1,"Image":"c:\\\\x.exe","Data":[1,2]}';

function event(): Event {
  return {
    id: 'a',
    timestamp: '2024-01-01T00:00:00.000Z',
    origin: { format: 'windows-json', file: 'x', line: 1 },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: JSON.parse(raw) as Record<string, unknown>,
    raw,
  };
}

describe('record snapshots', () => {
  it('lists the keys and values in the order JSON.parse gave them, before anything changes', () => {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const snapshot = snapshotRecord(raw, parsed);
    parsed.Image = 'C:\\x.exe';
    expect(snapshot.keys).toEqual(['EventID', 'Image', 'Data']);
    expect(snapshot.values).toEqual([1, 'c:\\x.exe', [1, 2]]);
  });

  it('is held by the event without showing in its JSON, keys, spread copies or comparisons', () => {
    const plain = event();
    const remembered = event();
    const snapshot = snapshotRecord(raw, remembered.fields);
    rememberRecordSnapshot(remembered, snapshot);
    expect(recordSnapshotOf(remembered)).toBe(snapshot);
    expect(JSON.stringify(remembered)).toBe(JSON.stringify(plain));
    expect(
      Reflect.ownKeys(remembered).filter((key) => Object.getOwnPropertyDescriptor(remembered, key)?.enumerable),
    ).toEqual(Object.keys(plain));
    expect(isDeepStrictEqual(remembered, plain)).toBe(true);
    expect(remembered).toStrictEqual(plain);
    expect(recordSnapshotOf({ ...remembered })).toBeUndefined();
    expect(recordSnapshotOf(structuredClone(remembered))).toBeUndefined();
  });

  it('describes an event only while its raw record is the text that was parsed', () => {
    const changed = event();
    rememberRecordSnapshot(changed, snapshotRecord(raw, changed.fields));
    changed.raw = `${raw} `;
    expect(recordSnapshotOf(changed)).toBeUndefined();
    expect(recordSnapshotOf(event())).toBeUndefined();
  });
});
