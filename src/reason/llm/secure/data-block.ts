/**
 * Untrusted data enters a prompt only inside a data block: JSON between two lines that
 * carry a boundary drawn at random for each call, so text in a log cannot guess it and
 * "close" the block early. Every string inside is neutralised and capped first.
 */
import { randomBytes } from 'node:crypto';
import { neutraliseText } from './neutralise-text.js';

export interface DataBlockOptions {
  /** Longest string kept, in characters. Default 512. */
  maxStringLength?: number;
  /** Random source, injectable for tests. */
  random?: (bytes: number) => Buffer;
}

/** Neutralises every string (keys included) of a JSON-like value. */
export function neutraliseDeep(value: unknown, maxLength = 512): unknown {
  if (typeof value === 'string') return neutraliseText(value, maxLength);
  if (Array.isArray(value)) return value.map((item) => neutraliseDeep(item, maxLength));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [neutraliseText(key, 128), neutraliseDeep(inner, maxLength)]),
    );
  }
  return value;
}

export interface DataBlock {
  boundary: string;
  text: string;
}

export function createDataBlock(label: string, value: unknown, options: DataBlockOptions = {}): DataBlock {
  const random = options.random ?? randomBytes;
  const json = JSON.stringify(neutraliseDeep(value, options.maxStringLength ?? 512));
  let boundary = `VIGIL-DATA-${random(12).toString('hex')}`;
  // A boundary that somehow occurs in the data is drawn again.
  while (json.includes(boundary)) boundary = `VIGIL-DATA-${random(12).toString('hex')}`;
  return {
    boundary,
    text: `<<<BEGIN ${boundary} ${label}>>>\n${json}\n<<<END ${boundary}>>>`,
  };
}
