import { fail, ok, type RecordSnapshot, type Result, snapshotRecord } from '../../core/index.js';
import { parseBoundedJson } from '../../guard/index.js';
import type { ParserContext } from '../types.js';

/** Parses a record that must be one JSON object; the error says why it is not. */
export function parseJsonObject(text: string): Result<Record<string, unknown>> {
  let value: unknown;
  try {
    value = parseBoundedJson(text);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      `JSON value is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}, not an object`,
    );
  }
  return ok(value as Record<string, unknown>);
}

/**
 * The same, with the snapshot of the object's top-level keys and values taken before a
 * normaliser changes it (the store keeps only what normalisation changed: `RecordSnapshot`).
 */
export function parseJsonRecord(
  text: string,
  context: Pick<ParserContext, 'recordSnapshots'>,
): { ok: true; value: Record<string, unknown>; record: RecordSnapshot | undefined } | { ok: false; error: string } {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value,
    record: context.recordSnapshots === true ? snapshotRecord(text, parsed.value) : undefined,
  };
}
