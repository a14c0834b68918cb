/**
 * Sigma value modifiers that rewrite the searched value before matching: placeholders
 * (`expand`), `windash`, UTF-16 encodings and base64. Each returns the alternatives to search for.
 */
import { InputInvalidError } from '../../core/index.js';
import { hasWildcards, plainText, type SigmaString, type SigmaStringPart } from './sigma-string.js';

/** A value on its way through the transforms: Sigma text, or bytes after a UTF-16 encoding. */
export type TransformedValue = { kind: 'text'; value: SigmaString } | { kind: 'bytes'; bytes: Buffer };

const dashCharacters = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
const dashPosition = /\B[-/](?=\w)/g;
const maxDashCombinations = 3;

/** `windash`: every option dash may also be written with `/` or a Unicode dash. */
export function expandWindash(value: SigmaString): SigmaString[] {
  const positions: Array<{ part: number; offset: number }> = [];
  value.parts.forEach((part, partIndex) => {
    if (part.kind !== 'text') return;
    for (const match of part.text.matchAll(dashPosition)) positions.push({ part: partIndex, offset: match.index });
  });
  if (positions.length === 0) return [value];
  const choices: string[][] =
    positions.length <= maxDashCombinations
      ? cartesian(positions.length)
      : dashCharacters.map((dash) => positions.map(() => dash));
  return choices.map((choice) => {
    const parts: SigmaStringPart[] = value.parts.map((part, partIndex) => {
      if (part.kind !== 'text') return part;
      const characters = part.text.split('');
      positions.forEach((position, index) => {
        if (position.part === partIndex) characters[position.offset] = choice[index] as string;
      });
      return { kind: 'text', text: characters.join('') };
    });
    return { parts };
  });
}

function cartesian(length: number): string[][] {
  let combinations: string[][] = [[]];
  for (let index = 0; index < length; index++) {
    combinations = combinations.flatMap((prefix) => dashCharacters.map((dash) => [...prefix, dash]));
  }
  return combinations;
}

function requirePlain(value: TransformedValue, modifier: string): Buffer {
  if (value.kind === 'bytes') return value.bytes;
  if (hasWildcards(value.value)) {
    throw new InputInvalidError(`modifier '${modifier}' cannot be applied to a value with wildcards`);
  }
  return Buffer.from(plainText(value.value), 'utf8');
}

export function encodeUtf16(
  value: TransformedValue,
  modifier: 'utf16le' | 'utf16be' | 'utf16' | 'wide',
): TransformedValue {
  if (value.kind === 'bytes') throw new InputInvalidError(`modifier '${modifier}' applied twice`);
  if (hasWildcards(value.value)) {
    throw new InputInvalidError(`modifier '${modifier}' cannot be applied to a value with wildcards`);
  }
  const little = Buffer.from(plainText(value.value), 'utf16le');
  if (modifier === 'utf16le' || modifier === 'wide') return { kind: 'bytes', bytes: little };
  if (modifier === 'utf16') return { kind: 'bytes', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), little]) };
  const big = Buffer.from(little);
  big.swap16();
  return { kind: 'bytes', bytes: big };
}

export function encodeBase64(value: TransformedValue): string {
  return requirePlain(value, 'base64').toString('base64');
}

/** `base64offset`: the three encodings of the value at each byte offset, trimmed to the stable part. */
export function encodeBase64Offsets(value: TransformedValue): string[] {
  const bytes = requirePlain(value, 'base64offset');
  const startOffsets = [0, 2, 3];
  const endOffsets = [undefined, -3, -2];
  const results: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    results.push(encoded.slice(startOffsets[shift], endOffsets[(bytes.length + shift) % 3]));
  }
  return results;
}

const placeholderPattern = /%([A-Za-z0-9_.-]+)%/g;

/** `expand`: replaces each `%name%` with every value given for it (all combinations). */
export function expandPlaceholders(raw: string, placeholders: Readonly<Record<string, readonly string[]>>): string[] {
  let results = [''];
  let last = 0;
  for (const match of raw.matchAll(placeholderPattern)) {
    const name = match[1] as string;
    const values = placeholders[name];
    if (values === undefined || values.length === 0) {
      throw new InputInvalidError(`placeholder %${name}% has no values (give them with the placeholders option)`);
    }
    const before = raw.slice(last, match.index);
    results = results.flatMap((prefix) => values.map((value) => `${prefix}${before}${value}`));
    last = match.index + match[0].length;
  }
  const tail = raw.slice(last);
  return results.map((prefix) => prefix + tail);
}
