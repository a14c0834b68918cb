/** Address classes the network analytics need: internal, public, and local infrastructure. */
import { addressType } from '../../core/index.js';

function ipv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const numbers = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return numbers.every((number) => number >= 0 && number <= 255) ? numbers : undefined;
}

/** RFC 1918, loopback, link-local, CGNAT, multicast and broadcast (IPv4); ULA, link-local and loopback (IPv6). */
export function isInternalAddress(ip: string): boolean {
  const v4 = ipv4(ip);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  if (addressType(ip) !== 'ipv6-addr') return false;
  const lower = ip.toLowerCase();
  return (
    lower === '::1' ||
    lower.startsWith('fe80:') ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    lower.startsWith('ff')
  );
}

export function isAddress(text: string): boolean {
  return ipv4(text) !== undefined || addressType(text) !== undefined;
}

/** Public destination: an address outside the internal ranges, or a name that is not an address. */
export function isExternalDestination(ip: string | undefined, domain: string | undefined): boolean {
  if (ip !== undefined && isAddress(ip)) return !isInternalAddress(ip);
  return domain !== undefined && domain !== '' && !domain.endsWith('.local') && !domain.endsWith('.internal');
}

const secondLevel = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/** `a.b.evil.example` → `evil.example`; `x.foo.co.uk` → `foo.co.uk`. */
export function parentDomain(name: string): string {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1] as string;
  const second = labels[labels.length - 2] as string;
  const take = tld.length === 2 && secondLevel.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Shannon entropy of a text in bits per character. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const probability = count / text.length;
    bits -= probability * Math.log2(probability);
  }
  return bits;
}
