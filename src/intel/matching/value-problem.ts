/**
 * Whether an intel value can be of its observable type: IP addresses (and CIDR prefixes), hashes
 * by length and alphabet, host and domain names by DNS syntax, e-mail addresses, MAC addresses,
 * JA3 fingerprints, CVE ids and ports. Importers reject a value that fails with its field and
 * keep the rest of the event or bundle; intel values are written by others, so nothing here
 * guesses or repairs.
 */
import { domainToASCII } from 'node:url';
import { addressType, type ObservableType } from '../../core/index.js';

/** Ports are checked the same way at every edge: one definition, in core. */
export { portProblem } from '../../core/index.js';

import { normalizeAddress } from './normalize-value.js';

const hexLengths: Partial<Record<ObservableType, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128, ja3: 32 };
const label = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;
const controlOrSpace = /[\s\p{Cc}]/u;

/** Why `value` cannot be a `type` value, or undefined when it can. */
export function valueProblem(type: ObservableType, value: string): string | undefined {
  if (value.trim() === '') return 'an empty value';
  const quoted = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  const length = hexLengths[type];
  if (length !== undefined) {
    return new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value.trim())
      ? undefined
      : `${quoted} is not a ${type} hash (${length} hex digits)`;
  }
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      return addressProblem(value.trim(), quoted);
    case 'domain-name':
    case 'hostname':
      return domainProblem(value.trim()) ? `${quoted} is not a host or domain name` : undefined;
    case 'email-addr': {
      const at = value.lastIndexOf('@');
      const local = value.slice(0, at);
      return at > 0 && !controlOrSpace.test(local) && !domainProblem(value.slice(at + 1))
        ? undefined
        : `${quoted} is not an e-mail address`;
    }
    case 'url':
      return controlOrSpace.test(value.trim())
        ? `${quoted} is not a URL (it contains spaces or control characters)`
        : undefined;
    case 'mac-addr':
      return /^(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(value.trim()) ? undefined : `${quoted} is not a MAC address`;
    case 'cve':
      return /^CVE-\d{4}-\d{4,}$/i.test(value.trim()) ? undefined : `${quoted} is not a CVE id`;
    default:
      return undefined;
  }
}

function addressProblem(value: string, quoted: string): string | undefined {
  const [address = '', bits, extra] = value.split('/');
  const normalized = extra === undefined ? normalizeAddress(address) : undefined;
  if (!normalized) return `${quoted} is not an IP address`;
  if (bits === undefined) return undefined;
  const most = addressType(normalized) === 'ipv6-addr' ? 128 : 32;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= most ? undefined : `${quoted} has a prefix length outside 0–${most}`;
}

/** True when `value` breaks DNS name syntax (IDNs are checked in their ASCII form; `*.` and a final dot are allowed). */
function domainProblem(value: string): boolean {
  const name = value.replace(/^\*\./, '').replace(/\.$/, '');
  if (name === '' || controlOrSpace.test(name)) return true;
  const ascii = domainToASCII(name);
  if (ascii === '' || ascii.length > 253) return true;
  return !ascii.split('.').every((part) => label.test(part));
}
