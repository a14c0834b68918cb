import { parse as parseDomain } from 'tldts';
import type { ObservableType } from '../../core/index.js';
import { normalizeAddress } from '../matching/normalize-value.js';

/** Guesses the observable type of a bare IOC value; undefined when it fits no type. */
export function classifyValue(value: string): ObservableType | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return 'url';
  const [address, bits, extra] = value.split('/');
  if (address && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits))) {
    const normalized = normalizeAddress(address);
    if (normalized) return normalized.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
  }
  if (/^[0-9a-f]{32}$/i.test(value)) return 'md5';
  if (/^[0-9a-f]{40}$/i.test(value)) return 'sha1';
  if (/^[0-9a-f]{64}$/i.test(value)) return 'sha256';
  if (/^[0-9a-f]{128}$/i.test(value)) return 'sha512';
  if (/^[^\s@]+@[^\s@]+$/.test(value) && /[^\s@]\.[^\s@]/.test(value.slice(value.indexOf('@') + 1)))
    return 'email-addr';
  if (/^(HKLM|HKCU|HKCR|HKU|HKCC|HKEY_[A-Z_]+)(\\|$)/i.test(value)) return 'windows-registry-key';
  if (/^t\d{2}d\d{4}[a-z0-9]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/i.test(value)) return 'ja4';
  if (/^[a-z0-9_*-]+(\.[a-z0-9_-]+)+\.?$/i.test(value)) {
    const parsed = parseDomain(value);
    if (parsed.domain && (parsed.isIcann || parsed.isPrivate)) return 'domain-name';
    return /\.[a-z0-9]{1,5}$/i.test(value) ? 'file-name' : undefined;
  }
  if (/^[^\\/:*?"<>|\s]+\.[a-z0-9]{1,5}$/i.test(value)) return 'file-name';
  if (/^Mozilla\/|\b(?:curl|Wget|python-requests)\//.test(value)) return 'user-agent';
  return undefined;
}
