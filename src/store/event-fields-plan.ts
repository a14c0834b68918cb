/**
 * How an event's `fields` are stored beside its raw record: as a plan that reads every value
 * normalisation left unchanged back from the record itself, and spells out only the values it
 * changed or added. A Windows event's fields are mostly its record's own keys and values (the
 * rendered `Message` among them), so storing them in full stored the record twice.
 *
 * The plan is an array, in the order of the fields' keys: `n > 0` takes the next `n` keys of the
 * record (`Object.keys(JSON.parse(raw))`) with their values, `n < 0` passes over the next `-n`
 * record keys, `[key, value]` is a field of its own. Decoding needs only `JSON.parse` of the raw
 * record, never the normaliser, so the fields read back are those stored whatever the version of
 * the code that reads them. Only primitive values are taken from the record (an object or array
 * could have been changed after parsing); keys whose value is `undefined` are left out, as
 * `JSON.stringify` leaves them out of an object.
 */
import type { RecordSnapshot } from '../core/index.js';

export type FieldsPlan = Array<number | [string, unknown]>;

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function absent(fields: Record<string, unknown>, key: string): boolean {
  return !Object.hasOwn(fields, key) || fields[key] === undefined;
}

/** The plan of `fields` against the snapshot of the record they were normalised from. */
export function encodeFieldsPlan(fields: Record<string, unknown>, snapshot: RecordSnapshot): FieldsPlan {
  const { keys, values } = snapshot;
  const plan: FieldsPlan = [];
  // A pending run: positive, record keys taken; negative, record keys passed over. Kept inline
  // (no closures) and the fields read as two lists: this runs for every key of every event.
  let run = 0;
  let cursor = 0;
  const fieldKeys = Object.keys(fields);
  const fieldValues = Object.values(fields);
  for (let index = 0; index < fieldKeys.length; index++) {
    const key = fieldKeys[index] as string;
    const value = fieldValues[index];
    if (value === undefined) continue;
    // Record keys the fields no longer hold (a flattened object, a dropped key) are passed over.
    while (cursor < keys.length && keys[cursor] !== key && absent(fields, keys[cursor] as string)) {
      if (run > 0) {
        plan.push(run);
        run = 0;
      }
      run--;
      cursor++;
    }
    if (cursor < keys.length && keys[cursor] === key) {
      const same = isPrimitive(value) && Object.is(value, values[cursor]);
      cursor++;
      if (same) {
        if (run < 0) {
          plan.push(run);
          run = 0;
        }
        run++;
        continue;
      }
      if (run > 0) {
        plan.push(run);
        run = 0;
      }
      run--;
    }
    if (run !== 0) plan.push(run);
    run = 0;
    plan.push([key, value]);
  }
  if (run > 0) plan.push(run);
  return plan;
}

function define(fields: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}

/** The fields a plan stands for, from the raw record it was made against. Throws when they do not fit. */
export function decodeFieldsPlan(plan: unknown, raw: string): Record<string, unknown> {
  if (!Array.isArray(plan)) throw new Error('fields plan is not a list');
  const record = JSON.parse(raw) as Record<string, unknown>;
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new Error('fields plan without a JSON object record');
  const keys = Object.keys(record);
  const fields: Record<string, unknown> = {};
  let cursor = 0;
  for (const entry of plan) {
    if (typeof entry === 'number') {
      if (!Number.isSafeInteger(entry) || entry === 0 || cursor + Math.abs(entry) > keys.length)
        throw new Error('fields plan does not fit its record');
      if (entry < 0) cursor -= entry;
      else
        for (const end = cursor + entry; cursor < end; cursor++) {
          const key = keys[cursor] as string;
          define(fields, key, record[key]);
        }
    } else if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string')
      define(fields, entry[0], entry[1]);
    else throw new Error('fields plan entry is neither a count nor a field');
  }
  return fields;
}
