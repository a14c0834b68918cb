/**
 * JSON from outside (log records, HEC envelopes, API bodies, bus messages) parsed within limits.
 * `JSON.parse` itself copes with deep nesting, but everything after it (serialising for the store,
 * flattening fields, schema checks) recurses: 5,000 nested arrays in a 30 KB line overflow the
 * stack. The depth is checked first, in one linear pass over the text, and a record over a limit
 * is refused with a reason that says which limit.
 */
import { InputInvalidError } from '../core/index.js';

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (default 64; real logs stay under 10). */
  maxDepth?: number;
  /** Longest text in UTF-16 code units (default 16 MiB). */
  maxLength?: number;
}

export const defaultJsonMaxDepth = 64;
export const defaultJsonMaxLength = 16 * 1024 * 1024;

/** A JSON text over a limit or malformed: the message says which and where. */
export class JsonLimitError extends InputInvalidError {
  constructor(message: string) {
    super(message);
    this.name = 'JsonLimitError';
  }
}

/** Why the text breaks a limit (nesting deeper than allowed, too long), or undefined. */
export function jsonLimitProblem(text: string, limits: JsonLimits = {}): string | undefined {
  const maxLength = limits.maxLength ?? defaultJsonMaxLength;
  if (text.length > maxLength) return `JSON text longer than ${maxLength} characters`;
  const maxDepth = limits.maxDepth ?? defaultJsonMaxDepth;
  // Nesting can never exceed the number of opening brackets: most records have a handful, and
  // counting them with indexOf (native) is many times faster than the scan below.
  if (openersAtMost(text, maxDepth)) return undefined;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > maxDepth) return `JSON nested deeper than ${maxDepth} levels (at character ${index + 1})`;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return undefined;
}

/** True when the text holds at most `limit` `{` and `[` characters in all (strings included). */
function openersAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let index = text.indexOf(opener); index !== -1; index = text.indexOf(opener, index + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}

/** `JSON.parse` under the limits; throws JsonLimitError (input-invalid) naming the limit or the syntax error. */
export function parseBoundedJson(text: string, limits: JsonLimits = {}): unknown {
  const problem = jsonLimitProblem(text, limits);
  if (problem) throw new JsonLimitError(problem);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonLimitError(`malformed JSON: ${(error as Error).message.slice(0, 120)}`);
  }
}

/** Depth of a value already in memory, counted without recursion (for values that did not come as text). */
export function jsonValueTooDeep(value: unknown, maxDepth = defaultJsonMaxDepth): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
