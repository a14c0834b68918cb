/**
 * Hash values in patterns, judged as the OASIS pattern validator judges them: a comparison
 * whose object path has a `hashes` step and ends in a known hash name must compare with the
 * literal of that hash's shape, written as in the pattern with its quotes removed (so a
 * number, a set or a hex literal on `hashes.MD5` is refused as well as a 3-character value).
 */
import type { PathStep } from './pattern-ast.js';

/** Hash names as the validator normalises them (upper case, no hyphen) and the shape of their value. */
const hashShapes: Readonly<Record<string, { shape: RegExp; name: string }>> = {
  MD5: { shape: /^[a-fA-F0-9]{32}\n?$/, name: 'MD5' },
  // The validator's MD6 expression anchors only its first and last alternatives: any value
  // that starts with 32 hex digits (or four spaces and 64) passes. Kept as it judges.
  MD6: { shape: /^(?:[a-fA-F0-9]{32}| {4}[a-fA-F0-9]{64})/, name: 'MD6' },
  RIPEMD160: { shape: /^[a-fA-F0-9]{40}\n?$/, name: 'RIPEMD-160' },
  SHA1: { shape: /^[a-fA-F0-9]{40}\n?$/, name: 'SHA-1' },
  SHA224: { shape: /^[a-fA-F0-9]{56}\n?$/, name: 'SHA-224' },
  SHA256: { shape: /^[a-fA-F0-9]{64}\n?$/, name: 'SHA-256' },
  SHA384: { shape: /^[a-fA-F0-9]{96}\n?$/, name: 'SHA-384' },
  SHA512: { shape: /^[a-fA-F0-9]{128}\n?$/, name: 'SHA-512' },
  SHA3224: { shape: /^[a-fA-F0-9]{56}\n?$/, name: 'SHA3-224' },
  SHA3256: { shape: /^[a-fA-F0-9]{64}\n?$/, name: 'SHA3-256' },
  SHA3384: { shape: /^[a-fA-F0-9]{96}\n?$/, name: 'SHA3-384' },
  SHA3512: { shape: /^[a-fA-F0-9]{128}\n?$/, name: 'SHA3-512' },
  SSDEEP: { shape: /^[a-zA-Z0-9/+:.]{1,128}\n?$/, name: 'SSDEEP' },
  WHIRLPOOL: { shape: /^[a-fA-F0-9]{128}\n?$/, name: 'WHIRLPOOL' },
};

/**
 * Why the literal (as written) is not a valid value for the path, or undefined when it is or
 * when the path names no known hash.
 */
export function hashValueProblem(steps: readonly PathStep[], literalText: string): string | undefined {
  if (!steps.some((step) => step.kind === 'property' && step.name === 'hashes')) return undefined;
  const last = steps.at(-1)!;
  if (last.kind === 'index') return last.index === '*' ? undefined : 'a hash name after hashes, not a list index';
  const known = hashShapes[last.name.toUpperCase().replaceAll('-', '').replaceAll("'", '')];
  if (!known) return undefined;
  const value = literalText.replaceAll("'", '');
  return known.shape.test(value) ? undefined : `a valid ${known.name} hash, not '${value}'`;
}
