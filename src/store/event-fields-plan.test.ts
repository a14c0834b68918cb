import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type RecordSnapshot, snapshotRecord } from '../core/index.js';
import { decodeFieldsPlan, encodeFieldsPlan, type FieldsPlan } from './event-fields-plan.js';

/** What the old layout stored: the fields as JSON. */
const asStored = (fields: Record<string, unknown>) => JSON.stringify(fields);

/** A record's keys as JSON gives them, including the awkward ones (`__proto__`, integer-like, empty). */
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('__proto__', 'constructor', '0', '10', '2', '', 'Message', 'EventID'),
);
const record = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 12 });

/** Normalisation as any parser might do it to the parsed object, in place: change, add, drop, undefined, flatten. */
const edits = fc.array(
  fc.record({
    kind: fc.constantFrom('change', 'add', 'drop', 'undefined', 'same-object'),
    key,
    value: fc.jsonValue({ maxDepth: 1 }),
  }),
  { maxLength: 8 },
);

function normalise(object: Record<string, unknown>, changes: { kind: string; key: string; value: unknown }[]) {
  for (const change of changes) {
    const keys = Object.keys(object);
    const existing = keys.length > 0 ? (keys[change.key.length % keys.length] as string) : change.key;
    if (change.kind === 'change') object[existing] = change.value;
    else if (change.kind === 'add')
      Object.defineProperty(object, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else if (change.kind === 'drop') delete object[existing];
    else if (change.kind === 'undefined') object[existing] = undefined;
    // An object or array value mutated inside, after the snapshot: never read back from the record.
    else if (typeof object[existing] === 'object' && object[existing] !== null)
      (object[existing] as Record<string, unknown>).x = 1;
  }
}

/** The encoder as first written (closures, `Object.keys` and a keyed read per key): the reference for the stored bytes. */
function straightforwardPlan(fields: Record<string, unknown>, snapshot: RecordSnapshot): FieldsPlan {
  const { keys, values } = snapshot;
  const plan: FieldsPlan = [];
  let run = 0;
  const flush = () => {
    if (run !== 0) plan.push(run);
    run = 0;
  };
  const absent = (key: string) => !Object.hasOwn(fields, key) || fields[key] === undefined;
  let cursor = 0;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    while (cursor < keys.length && keys[cursor] !== key && absent(keys[cursor] as string)) {
      if (run > 0) flush();
      run--;
      cursor++;
    }
    if (cursor < keys.length && keys[cursor] === key) {
      const same = (value === null || typeof value !== 'object') && Object.is(value, values[cursor]);
      cursor++;
      if (same) {
        if (run < 0) flush();
        run++;
        continue;
      }
      if (run > 0) flush();
      run--;
    }
    flush();
    plan.push([key, value]);
  }
  if (run > 0) flush();
  return plan;
}

describe('fields plan', () => {
  test.prop([record, edits])(
    'reads back exactly the fields a normaliser left, from the raw record alone',
    (source, changes) => {
      const raw = JSON.stringify(source);
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      const snapshot = snapshotRecord(raw, parsed);
      normalise(parsed, changes);
      const stored = JSON.parse(JSON.stringify(encodeFieldsPlan(parsed, snapshot)));
      const decoded = decodeFieldsPlan(stored, raw);
      expect(asStored(decoded)).toBe(asStored(parsed));
      expect(Object.keys(decoded)).toEqual(Object.keys(JSON.parse(asStored(parsed))));
    },
  );

  test.prop([record, edits])('is the plan the straightforward encoder writes, byte for byte', (source, changes) => {
    const raw = JSON.stringify(source);
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const snapshot = snapshotRecord(raw, parsed);
    normalise(parsed, changes);
    expect(JSON.stringify(encodeFieldsPlan(parsed, snapshot))).toBe(
      JSON.stringify(straightforwardPlan(parsed, snapshot)),
    );
  });

  test.prop([record])('an unchanged record is one count', (source) => {
    const raw = JSON.stringify(source);
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const plan = encodeFieldsPlan(parsed, snapshotRecord(raw, parsed));
    const primitive = Object.values(parsed).every((value) => value === null || typeof value !== 'object');
    if (primitive) expect(plan).toEqual(Object.keys(parsed).length === 0 ? [] : [Object.keys(parsed).length]);
    expect(decodeFieldsPlan(plan, raw)).toEqual(parsed);
  });

  it('keeps only what changed: a Windows record with its aliases and canonical values', () => {
    const raw = '{"EventID":"1","Image":"c:\\\\windows\\\\cmd.exe","Message":"Process Create","Hostname":"WS1"}';
    const fields = JSON.parse(raw) as Record<string, unknown>;
    const snapshot = snapshotRecord(raw, fields);
    fields.EventID = 1;
    fields.Image = 'C:\\Windows\\cmd.exe';
    fields.Computer = 'WS1';
    const plan = encodeFieldsPlan(fields, snapshot);
    expect(plan).toEqual([-1, ['EventID', 1], -1, ['Image', 'C:\\Windows\\cmd.exe'], 2, ['Computer', 'WS1']]);
    expect(decodeFieldsPlan(plan, raw)).toEqual(fields);
  });

  it('refuses a plan that does not fit its record', () => {
    expect(() => decodeFieldsPlan([3], '{"a":1}')).toThrow('does not fit');
    expect(() => decodeFieldsPlan([1], '[1]')).toThrow('JSON object');
    expect(() => decodeFieldsPlan(['a'], '{"a":1}')).toThrow('neither');
  });
});
