import { createHash } from 'node:crypto';

/** The namespace STIX 2.1 uses for deterministic cyber-observable ids (§2.9). */
export const stixNamespace = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function uuidV5(name: string, namespace: string = stixNamespace): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) throw new RangeError(`not a UUID: ${namespace}`);
  const digest = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A UUID in version-4 form derived from a name (SHA-256, version and variant bits set), for the
 * SDOs and SROs Vigil creates: STIX 2.1 asks for version 4 there (the validator's strict mode
 * refuses others), and deriving it keeps exports reproducible (the same incident gives the same ids).
 */
export function uuidV4From(name: string): string {
  const digest = createHash('sha256').update('vigil-stix-id\u0000').update(name, 'utf8').digest();
  digest[6] = (digest[6]! & 0x0f) | 0x40;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
