import ipaddr from 'ipaddr.js';
import type { ObservableType } from '../../core/index.js';
import { trimCharacters } from '../../guard/index.js';

/** The shape of a URL the WHATWG parser would leave unchanged (lower-case http(s) host, a path, no port, no fragment); see isSimpleUrl. */
const simpleUrlShape = /^https?:\/\/([a-z0-9.-]+)\/[A-Za-z0-9._~/?=&%+,;:@!$*-]*$/;

/**
 * A URL the WHATWG parser would leave unchanged: the shape above, a host of non-empty labels whose
 * last starts with a letter (not an IPv4 form), no dot segment and no encoded dot. What
 * `/^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?!.*\/\.)(?!.*%2[eE])\/…$/` accepted, without its
 * rescan of the rest from every host position (quadratic).
 */
export function isSimpleUrl(value: string): boolean {
  const host = simpleUrlShape.exec(value)?.[1];
  if (host === undefined || host.startsWith('.') || host.includes('..')) return false;
  const lastLabel = host.slice(host.lastIndexOf('.') + 1);
  return /^[a-z]/.test(lastLabel) && !value.includes('/.') && !/%2e/i.test(value);
}
const ipv4Shape = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const hiveNames: Record<string, string> = {
  hklm: 'hkey_local_machine',
  hkcu: 'hkey_current_user',
  hkcr: 'hkey_classes_root',
  hku: 'hkey_users',
  hkcc: 'hkey_current_config',
};

/**
 * Canonical form of a value for exact matching: lower-case where the type is
 * case-insensitive, IPv6 compressed, IPv4-mapped IPv6 as IPv4, URLs normalised,
 * registry hives spelled out. Returns undefined for values that cannot be of the type.
 */
export function normalizeValue(type: ObservableType, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      return normalizeAddress(trimmed);
    case 'domain-name':
    case 'hostname':
      return normalizeDomain(trimmed);
    case 'url':
      return normalizeUrl(trimmed);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
    case 'ja3':
    case 'ja4':
    case 'email-addr':
    case 'file-name':
    case 'user-account':
    case 'mac-addr':
      return trimmed.toLowerCase();
    case 'windows-registry-key':
      return normalizeRegistryKey(trimmed);
    default:
      return trimmed;
  }
}

/** Address (no prefix) in canonical text, or undefined when it is not an IP address. */
export function normalizeAddress(value: string): string | undefined {
  if (ipv4Shape.test(value)) return ipaddr.IPv4.isValidFourPartDecimal(value) ? stripLeadingZeros(value) : undefined;
  try {
    const address = ipaddr.parse(value.replace(/^\[|\]$/g, ''));
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (address as ipaddr.IPv6).toIPv4Address().toString();
    }
    return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
  } catch {
    return undefined;
  }
}

function stripLeadingZeros(value: string): string {
  return value.includes('.0')
    ? value
        .split('.')
        .map((part) => String(Number(part)))
        .join('.')
    : value;
}

export function normalizeDomain(value: string): string {
  return value.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
}

/** Lower-case scheme and host, default port and fragment dropped, empty path as `/`. */
export function normalizeUrl(value: string): string {
  if (isSimpleUrl(value)) return value;
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(candidate);
    url.hash = '';
    return url.toString();
  } catch {
    return value.toLowerCase();
  }
}

export function normalizeRegistryKey(value: string): string {
  const lower = trimCharacters(value.toLowerCase().replace(/\//g, '\\'), '\\');
  const separator = lower.indexOf('\\');
  const hive = separator === -1 ? lower : lower.slice(0, separator);
  const rest = separator === -1 ? '' : lower.slice(separator);
  return `${hiveNames[hive] ?? hive.replace(/^registry\\machine/, 'hkey_local_machine')}${rest}`;
}
