import { createHash } from 'node:crypto';

/** A short deterministic id: `prefix-` and 16 hex digits of the SHA-256 of the parts. */
export function stableId(prefix: string, ...parts: readonly string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
}
