import type { ObservableType } from '../../core/index.js';
import { portProblem, valueProblem } from '../matching/value-problem.js';

/** How a MISP attribute type maps to Vigil and STIX. */
export interface MispTypeMapping {
  /** Observable type of the (first) indexed value. */
  type: ObservableType;
  /** STIX comparison paths for each `|`-separated part of the value, in order. */
  paths: string[];
  /** Index of the part used as the indicator's value (`filename|md5` → the hash). */
  valuePart: number;
}

const hashPath = (name: string) => `file:hashes.'${name}'`;

/** MISP attribute types Vigil indexes, with their STIX paths. Other types become `other` values. */
export const mispTypeMappings: Readonly<Record<string, MispTypeMapping>> = {
  'ip-dst': { type: 'ipv4-addr', paths: ['network-traffic:dst_ref.value'], valuePart: 0 },
  'ip-src': { type: 'ipv4-addr', paths: ['network-traffic:src_ref.value'], valuePart: 0 },
  'ip-dst|port': {
    type: 'ipv4-addr',
    paths: ['network-traffic:dst_ref.value', 'network-traffic:dst_port'],
    valuePart: 0,
  },
  'ip-src|port': {
    type: 'ipv4-addr',
    paths: ['network-traffic:src_ref.value', 'network-traffic:src_port'],
    valuePart: 0,
  },
  domain: { type: 'domain-name', paths: ['domain-name:value'], valuePart: 0 },
  hostname: { type: 'domain-name', paths: ['domain-name:value'], valuePart: 0 },
  'domain|ip': {
    type: 'domain-name',
    paths: ['domain-name:value', 'domain-name:resolves_to_refs[*].value'],
    valuePart: 0,
  },
  'hostname|port': { type: 'domain-name', paths: ['domain-name:value', 'network-traffic:dst_port'], valuePart: 0 },
  url: { type: 'url', paths: ['url:value'], valuePart: 0 },
  uri: { type: 'url', paths: ['url:value'], valuePart: 0 },
  link: { type: 'url', paths: ['url:value'], valuePart: 0 },
  email: { type: 'email-addr', paths: ['email-addr:value'], valuePart: 0 },
  'email-src': { type: 'email-addr', paths: ['email-message:from_ref.value'], valuePart: 0 },
  'email-dst': { type: 'email-addr', paths: ['email-message:to_refs[*].value'], valuePart: 0 },
  'email-reply-to': { type: 'email-addr', paths: ["email-message:additional_header_fields.'Reply-To'"], valuePart: 0 },
  md5: { type: 'md5', paths: [hashPath('MD5')], valuePart: 0 },
  sha1: { type: 'sha1', paths: [hashPath('SHA-1')], valuePart: 0 },
  sha256: { type: 'sha256', paths: [hashPath('SHA-256')], valuePart: 0 },
  sha512: { type: 'sha512', paths: [hashPath('SHA-512')], valuePart: 0 },
  'filename|md5': { type: 'md5', paths: ['file:name', hashPath('MD5')], valuePart: 1 },
  'filename|sha1': { type: 'sha1', paths: ['file:name', hashPath('SHA-1')], valuePart: 1 },
  'filename|sha256': { type: 'sha256', paths: ['file:name', hashPath('SHA-256')], valuePart: 1 },
  'filename|sha512': { type: 'sha512', paths: ['file:name', hashPath('SHA-512')], valuePart: 1 },
  'malware-sample': { type: 'md5', paths: ['file:name', hashPath('MD5')], valuePart: 1 },
  filename: { type: 'file-name', paths: ['file:name'], valuePart: 0 },
  regkey: { type: 'windows-registry-key', paths: ['windows-registry-key:key'], valuePart: 0 },
  'regkey|value': {
    type: 'windows-registry-key',
    paths: ['windows-registry-key:key', 'windows-registry-key:values[*].data'],
    valuePart: 0,
  },
  'ja3-fingerprint-md5': { type: 'ja3', paths: ["network-traffic:extensions.'x-ja3'.ja3"], valuePart: 0 },
  'user-agent': {
    type: 'user-agent',
    paths: ["network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"],
    valuePart: 0,
  },
  'mac-address': { type: 'mac-addr', paths: ['mac-addr:value'], valuePart: 0 },
  'target-user': { type: 'user-account', paths: ['user-account:account_login'], valuePart: 0 },
  mutex: { type: 'other', paths: ['mutex:name'], valuePart: 0 },
  vulnerability: { type: 'cve', paths: [], valuePart: 0 },
};

/** MISP attribute types whose value is a rule in another pattern language. */
export const mispRuleTypes: Readonly<Record<string, 'yara' | 'snort' | 'sigma' | 'pcre'>> = {
  yara: 'yara',
  snort: 'snort',
  sigma: 'sigma',
  'pattern-in-file': 'pcre',
  'pattern-in-traffic': 'pcre',
  'pattern-in-memory': 'pcre',
};

/** Escapes a value for a STIX string literal. */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX pattern of a mapped MISP attribute, or undefined when it has no STIX form. */
export function mispAttributeToPattern(type: string, value: string): string | undefined {
  const mapping = mispTypeMappings[type];
  if (!mapping || mapping.paths.length === 0) return undefined;
  const parts = mapping.paths.length > 1 ? splitComposite(value, mapping.paths.length) : [value];
  const tests = mapping.paths
    .map((path, index) => {
      const part = parts[index];
      if (part === undefined || part === '') return undefined;
      const isPort = path.endsWith('_port');
      if (isPort) return /^\d+$/.test(part) ? `${path} = ${Number(part)}` : undefined;
      return `${path} = ${stixString(part)}`;
    })
    .filter((test): test is string => test !== undefined);
  return tests.length > 0 ? `[${tests.join(' AND ')}]` : undefined;
}

/** Splits `a|b` values; only the first `|` separates (values may contain `|`). */
export function splitComposite(value: string, parts: number): string[] {
  if (parts <= 1) return [value];
  const index = value.indexOf('|');
  return index === -1 ? [value] : [value.slice(0, index), value.slice(index + 1)];
}

/**
 * Why a mapped attribute's value cannot be what its MISP type says (`ip-dst` of `not-an-ip`, an
 * `md5` of `zzzz`, a port above 65535), naming the part; undefined when it can or the type is not mapped.
 */
export function mispValueProblem(type: string, value: string): string | undefined {
  const mapping = mispTypeMappings[type];
  if (!mapping) return undefined;
  const parts = splitComposite(value, mapping.paths.length);
  for (const [index, path] of mapping.paths.entries()) {
    const part = parts[index];
    if (part === undefined || (part === '' && index !== mapping.valuePart)) continue;
    const problem =
      index === mapping.valuePart
        ? valueProblem(mapping.type, part)
        : path.endsWith('_port')
          ? portProblem(part)
          : path.includes('resolves_to_refs')
            ? valueProblem('ipv4-addr', part)
            : undefined;
    if (problem) return mapping.paths.length > 1 ? `part ${index + 1} of ${type}: ${problem}` : `${type}: ${problem}`;
  }
  return undefined;
}
