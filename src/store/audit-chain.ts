import { createHash } from 'node:crypto';
import type { AuditEntry } from '../core/index.js';

/** Hash of the chain's start, used as `previousHash` of the first entry. */
export const genesisHash = '0'.repeat(64);

/** SHA-256 over the entry's content and the previous hash, in a canonical key order. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.sequence,
    entry.timestamp,
    entry.actor,
    entry.action,
    entry.subject.kind,
    entry.subject.id,
    canonicalise(entry.details),
    entry.previousHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON value with object keys sorted, so the hash does not depend on key order. */
export function canonicalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalise);
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = canonicalise((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
