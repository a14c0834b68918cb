import { fail, ok, type Result } from '../../core/index.js';
import { parseBoundedJson } from '../../guard/index.js';

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
