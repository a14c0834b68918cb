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
  // `Object.values` lists the values in the order of `Object.keys`, without a keyed load per key
  // (megamorphic: every event schema of a log is an object shape of its own).
  return { text, keys: Object.keys(object), values: Object.values(object) };
}

/**
 * Held by the event itself under a private symbol, not enumerable: no copy, comparison, spread
 * or JSON of the event sees it (as with a WeakMap), but it costs no weak-table entry per event,
 * which the garbage collector had to visit at every young-generation collection.
 */
const snapshotKey = Symbol('record snapshot');

export function rememberRecordSnapshot(event: Event, snapshot: RecordSnapshot): void {
  Object.defineProperty(event, snapshotKey, { value: snapshot, configurable: true });
}

/** The snapshot of the record `event` was built from, when it is still that event's raw record. */
export function recordSnapshotOf(event: Event): RecordSnapshot | undefined {
  const snapshot = (event as { [snapshotKey]?: RecordSnapshot })[snapshotKey];
  return snapshot !== undefined && snapshot.text === event.raw ? snapshot : undefined;
}
