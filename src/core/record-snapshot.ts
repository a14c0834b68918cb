/**
 * The top-level keys and values of a record's JSON exactly as `JSON.parse` gave them, taken
 * before normalisation touches the parsed object, and remembered for the event built from that
 * record. The store uses it to keep only what normalisation changed or added to `fields` (the
 * rest is read back from the raw record), so a record's fields are not stored twice.
 */
import type { Event } from './event.js';

export interface RecordSnapshot {
  /** The text that was parsed: the snapshot describes an event only when this is its `raw`. */
  readonly text: string;
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
}

/** Takes the snapshot of a just-parsed JSON object of `text`, before anything changes it. */
export function snapshotRecord(text: string, object: Record<string, unknown>): RecordSnapshot {
  const keys = Object.keys(object);
  const values = new Array<unknown>(keys.length);
  for (let index = 0; index < keys.length; index++) values[index] = object[keys[index] as string];
  return { text, keys, values };
}

const snapshots = new WeakMap<Event, RecordSnapshot>();

export function rememberRecordSnapshot(event: Event, snapshot: RecordSnapshot): void {
  snapshots.set(event, snapshot);
}

/** The snapshot of the record `event` was built from, when it is still that event's raw record. */
export function recordSnapshotOf(event: Event): RecordSnapshot | undefined {
  const snapshot = snapshots.get(event);
  return snapshot !== undefined && snapshot.text === event.raw ? snapshot : undefined;
}
