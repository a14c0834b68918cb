import type { Indicator } from '../../core/index.js';
import { tlp2MarkingIdByLevel } from './stix-markings.js';
import type { StixObject } from './stix-object.js';
import { uuidV4From, uuidV5 } from './uuid-v5.js';
import { vigilProperties } from './vigil-extension.js';

/** ID contributing properties of each SCO type (STIX 2.1 §6, "ID Contributing Properties"). */
const idContributingProperties: Readonly<Record<string, readonly string[]>> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'mac-addr': ['value'],
  'autonomous-system': ['number'],
  mutex: ['name'],
  directory: ['path'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  'email-message': ['from_ref', 'subject', 'body'],
  artifact: ['hashes', 'payload_bin'],
};

/** Hash algorithms in the order the spec prefers them for file ids. */
const preferredHashes = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * Deterministic id of a cyber-observable (STIX 2.1 §2.9): UUIDv5 in the STIX
 * namespace over the canonical JSON (sorted keys, no spaces) of its ID
 * contributing properties. For hashes, only the most preferred one present counts.
 */
export function stixObservableId(type: string, properties: Record<string, unknown>): string {
  const contributing = idContributingProperties[type];
  if (!contributing) return `${type}--${crypto.randomUUID()}`;
  const selected: Record<string, unknown> = {};
  for (const name of contributing) {
    let value = properties[name];
    if (value === undefined) continue;
    if (name === 'hashes' && value && typeof value === 'object') {
      const hashes = value as Record<string, unknown>;
      const algorithm =
        preferredHashes.find((candidate) => hashes[candidate] !== undefined) ?? Object.keys(hashes).sort()[0];
      value = algorithm ? { [algorithm]: hashes[algorithm] } : undefined;
    }
    if (value !== undefined) selected[name] = value;
  }
  if (Object.keys(selected).length === 0) return `${type}--${crypto.randomUUID()}`;
  return `${type}--${uuidV5(canonicalJson(selected))}`;
}

/** JSON with object keys sorted and no insignificant whitespace (RFC 8785 for the values STIX ids use). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A STIX indicator for a Vigil indicator (pattern kept, or built from the typed value), or
 * undefined when it has neither: an indicator is never written with an empty pattern. The
 * indicator's own id is kept (a third-party indicator keeps the id its producer gave it); an id
 * that is not a STIX id becomes a UUIDv4-form id derived from it. Vigil's `source` travels in
 * Vigil's property extension.
 */
export function indicatorToStix(indicator: Indicator, created: string): StixObject | undefined {
  const pattern = indicator.pattern ?? patternOfValue(indicator);
  if (!pattern || pattern.trim() === '') return undefined;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: /^indicator--[0-9a-f-]{36}$/i.test(indicator.id) ? indicator.id : `indicator--${uuidV4From(indicator.id)}`,
    created,
    modified: created,
    ...(indicator.name ? { name: indicator.name } : {}),
    ...(indicator.description ? { description: indicator.description } : {}),
    pattern,
    pattern_type: indicator.patternType ?? 'stix',
    valid_from: indicator.validFrom ?? created,
    ...(indicator.validUntil ? { valid_until: indicator.validUntil } : {}),
    confidence: Math.round(indicator.confidence),
    ...(indicator.revoked ? { revoked: true } : {}),
    ...(indicator.labels.length > 0 ? { labels: indicator.labels } : {}),
    object_marking_refs: [tlp2MarkingIdByLevel[indicator.tlp]],
    ...(indicator.techniques.length > 0
      ? {
          external_references: indicator.techniques.map((id) => ({
            source_name: 'mitre-attack',
            external_id: id,
            url: `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`,
          })),
        }
      : {}),
    ...vigilProperties({ source: indicator.source }),
  } as StixObject;
}

const valuePaths: Partial<Record<NonNullable<Indicator['type']>, string>> = {
  'ipv4-addr': 'ipv4-addr:value',
  'ipv6-addr': 'ipv6-addr:value',
  'domain-name': 'domain-name:value',
  hostname: 'domain-name:value',
  url: 'url:value',
  'email-addr': 'email-addr:value',
  md5: "file:hashes.'MD5'",
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  sha512: "file:hashes.'SHA-512'",
  'file-name': 'file:name',
  'windows-registry-key': 'windows-registry-key:key',
  'user-account': 'user-account:account_login',
  'mac-addr': 'mac-addr:value',
};

function patternOfValue(indicator: Indicator): string | undefined {
  const path = indicator.type ? valuePaths[indicator.type] : undefined;
  if (!path || indicator.value === undefined) return undefined;
  return `[${path} = '${indicator.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}
