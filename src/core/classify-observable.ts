/**
 * The one observable classifier: what kind of value a string is (address, hash, domain, URL,
 * e-mail, registry key, JA4, file name, user agent). Ingest types event fields with it, intel
 * types IOC-list lines, MISP attributes, STIX addresses and event observables with it.
 *
 * Every value is attacker-written. Each check below is a single left-to-right pass: character
 * loops, or anchored expressions whose repetitions are separated by a character they cannot
 * contain, so no input makes them backtrack more than a constant per character.
 */
import { isIP, isIPv4 } from 'node:net';
import { parse as parseDomain } from 'tldts';
import type { ObservableType } from './observable.js';

export type AddressType = 'ipv4-addr' | 'ipv6-addr';
export type HashType = 'md5' | 'sha1' | 'sha256' | 'sha512';

/**
 * `ipv4-addr` or `ipv6-addr` exactly when `node:net`'s `isIP` says 4 or 6 (IPv4 as a dotted
 * quad without leading zeros; IPv6 in any RFC 4291 form, zone allowed); otherwise undefined.
 */
export function addressType(value: string): AddressType | undefined {
  // Every IPv6 form holds a colon: without one only IPv4 can match, and `isIP` would try IPv6's
  // long expression on every host name and path after IPv4's fails.
  if (!value.includes(':')) return isIPv4(value) ? 'ipv4-addr' : undefined;
  const version = isIP(value);
  return version === 4 ? 'ipv4-addr' : version === 6 ? 'ipv6-addr' : undefined;
}

const hashTypeByLength: Readonly<Record<number, HashType>> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** The hash type a hex string of 32, 40, 64 or 128 characters is (either case); otherwise undefined. */
export function hashType(value: string): HashType | undefined {
  const type = hashTypeByLength[value.length];
  if (type === undefined) return undefined;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const hex = (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
    if (!hex) return undefined;
  }
  return type;
}

/** Labels end at a dot they cannot contain, so the repetition never backtracks across labels. */
const domainSyntax = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/**
 * True when `value` has DNS-name syntax: 4 to 253 characters, two labels or more, a final label
 * that starts with a letter (so an IPv4 address is not a name). No public-suffix check: a field
 * that holds a name (DNS question, TLS server name) may hold an internal one.
 */
export function isDomainName(value: string): boolean {
  return value.length >= 4 && value.length <= 253 && domainSyntax.test(value);
}

/** True when `value` has no white space, one `@`, a local part, and a domain with an inner dot. */
export function isEmailAddress(value: string): boolean {
  const at = value.indexOf('@');
  if (at <= 0 || value.indexOf('@', at + 1) !== -1 || /\s/.test(value)) return false;
  const dot = value.indexOf('.', at + 2);
  return dot !== -1 && dot < value.length - 1;
}

/**
 * The address type of an address or CIDR network (`192.0.2.0/24`, `2001:db8::/32`, `[::1]`);
 * undefined when it is neither. The prefix length is checked for shape only (1–3 digits);
 * `intel`'s value check reports one outside 0–32 or 0–128.
 */
export function networkType(value: string): AddressType | undefined {
  const slash = value.indexOf('/');
  let address = slash === -1 ? value : value.slice(0, slash);
  if (slash !== -1 && !/^\d{1,3}$/.test(value.slice(slash + 1))) return undefined;
  if (address.startsWith('[') && address.endsWith(']')) {
    address = address.slice(1, -1);
    return addressType(address) === 'ipv6-addr' ? 'ipv6-addr' : undefined;
  }
  return addressType(address);
}

const urlShape = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const registryShape = /^(?:HKLM|HKCU|HKCR|HKU|HKCC|HKEY_[A-Z_]+)(?:\\|$)/i;
const ja4Shape = /^t\d{2}d\d{4}[a-z0-9]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/i;
const dottedName = /^[a-z0-9_*-]+(?:\.[a-z0-9_-]+)+\.?$/i;
const fileExtension = /\.[a-z0-9]{1,5}$/i;
const fileNameShape = /^[^\\/:*?"<>|\s]+\.[a-z0-9]{1,5}$/i;
const userAgentShape = /^Mozilla\/|\b(?:curl|Wget|python-requests)\//;

/**
 * Guesses the type of a bare value with no field to say what it is (an IOC-list line): URL,
 * address or network, hash, e-mail, registry key, JA4, domain (a name under a known public or
 * private suffix), file name, user agent; undefined when it fits none. Never throws.
 */
export function classifyObservable(value: string): ObservableType | undefined {
  if (urlShape.test(value)) return 'url';
  const network = networkType(value);
  if (network) return network;
  const hash = hashType(value);
  if (hash) return hash;
  if (isEmailAddress(value)) return 'email-addr';
  if (registryShape.test(value)) return 'windows-registry-key';
  if (ja4Shape.test(value)) return 'ja4';
  if (dottedName.test(value)) {
    const parsed = parseDomain(value);
    if (parsed.domain && (parsed.isIcann || parsed.isPrivate)) return 'domain-name';
    return fileExtension.test(value) ? 'file-name' : undefined;
  }
  if (fileNameShape.test(value)) return 'file-name';
  if (userAgentShape.test(value)) return 'user-agent';
  return undefined;
}
