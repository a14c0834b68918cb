import { networkType, type ObservableType } from '../../core/index.js';
import type { ObjectPath } from './pattern-ast.js';

const hashTypes: Record<string, ObservableType> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
  'sha-512': 'sha512',
  sha512: 'sha512',
};

/**
 * The observable type an object path compares, when Vigil's index can look it up
 * (`ipv4-addr:value` → ipv4-addr, `file:hashes.'SHA-256'` → sha256, …); undefined otherwise.
 */
export function observableTypeOfPath(path: ObjectPath): ObservableType | undefined {
  const names = path.steps.map((step) => (step.kind === 'property' ? step.name : '[]'));
  const joined = names.join('.');
  const last = names.at(-1)?.toLowerCase() ?? '';
  switch (path.objectType) {
    case 'ipv4-addr':
    case 'ipv6-addr':
    case 'domain-name':
    case 'url':
    case 'email-addr':
    case 'mac-addr':
      return joined === 'value' ? path.objectType : undefined;
    case 'file':
    case 'artifact':
    case 'x509-certificate':
      if (names[0] === 'hashes' && names.length === 2) return hashTypes[last];
      if (path.objectType === 'file' && joined === 'name') return 'file-name';
      return undefined;
    case 'windows-registry-key':
      return joined === 'key' ? 'windows-registry-key' : undefined;
    case 'user-account':
      return joined === 'user_id' || joined === 'account_login' ? 'user-account' : undefined;
    case 'network-traffic':
      if (joined === 'dst_ref.value' || joined === 'src_ref.value') return undefined;
      if (last === 'user-agent' && joined.includes('request_header')) return 'user-agent';
      if (last === 'ja3') return 'ja3';
      if (last === 'ja4') return 'ja4';
      return undefined;
    default:
      if (last === 'ja3') return 'ja3';
      if (last === 'ja4') return 'ja4';
      if (last === 'user_agent') return 'user-agent';
      return undefined;
  }
}

/**
 * Address paths inside network-traffic (`dst_ref.value`, `src_ref.value`), typed by the value:
 * an IPv4 or IPv6 address or network; undefined for anything else (a domain-name ref, a regex).
 */
export function addressTypeOfPath(path: ObjectPath, value: string): ObservableType | undefined {
  const joined = path.steps.map((step) => (step.kind === 'property' ? step.name : '[]')).join('.');
  if (path.objectType !== 'network-traffic' || (joined !== 'dst_ref.value' && joined !== 'src_ref.value'))
    return undefined;
  return networkType(value);
}
