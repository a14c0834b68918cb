import ipaddr from 'ipaddr.js';

/**
 * Longest-prefix match over IPv4 and IPv6 networks: one hash table per prefix
 * length, probed from the longest length present to the shortest. Single
 * addresses are /32 (or /128) entries. Lookups cost one Map probe per distinct
 * prefix length in use, whatever the number of networks.
 */
export class IpPrefixTable<Value> {
  readonly #ipv4 = new Map<number, Map<number, Value[]>>();
  readonly #ipv6 = new Map<number, Map<string, Value[]>>();
  #ipv4Lengths: number[] = [];
  #ipv6Lengths: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds an address or CIDR network; returns false when the text is neither. */
  add(network: string, value: Value): boolean {
    const parsed = parseNetwork(network);
    if (!parsed) return false;
    if (parsed.kind === 'ipv4') {
      let table = this.#ipv4.get(parsed.bits);
      if (!table) {
        table = new Map();
        this.#ipv4.set(parsed.bits, table);
        this.#ipv4Lengths = [...this.#ipv4.keys()].sort((a, b) => b - a);
      }
      append(table, maskIpv4(parsed.address, parsed.bits), value);
    } else {
      let table = this.#ipv6.get(parsed.bits);
      if (!table) {
        table = new Map();
        this.#ipv6.set(parsed.bits, table);
        this.#ipv6Lengths = [...this.#ipv6.keys()].sort((a, b) => b - a);
      }
      append(table, maskIpv6(parsed.parts, parsed.bits), value);
    }
    this.#size += 1;
    return true;
  }

  /** Values of every network containing the address, longest prefix first. */
  lookup(address: string): Value[] {
    const ipv4 = parseIpv4(address);
    const found: Value[] = [];
    if (ipv4 !== undefined) {
      for (const bits of this.#ipv4Lengths) {
        const values = this.#ipv4.get(bits)!.get(maskIpv4(ipv4, bits));
        if (values) found.push(...values);
      }
      return found;
    }
    if (this.#ipv6Lengths.length === 0) return found;
    const parsed = parseNetwork(address);
    if (!parsed) return found;
    if (parsed.kind === 'ipv4') return this.lookup(formatIpv4(parsed.address));
    for (const bits of this.#ipv6Lengths) {
      const values = this.#ipv6.get(bits)!.get(maskIpv6(parsed.parts, bits));
      if (values) found.push(...values);
    }
    return found;
  }
}

type ParsedNetwork = { kind: 'ipv4'; address: number; bits: number } | { kind: 'ipv6'; parts: number[]; bits: number };

function append<Key>(table: Map<Key, unknown[]>, key: Key, value: unknown): void {
  const existing = table.get(key);
  if (existing) existing.push(value);
  else table.set(key, [value]);
}

/** Fast dotted-quad parser; undefined when not a plain IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  let result = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46) {
      if (digits === 0 || part > 255) return undefined;
      result = result * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else if (code >= 48 && code <= 57) {
      part = part * 10 + (code - 48);
      digits += 1;
      if (digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return result * 256 + part;
}

function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.');
}

function maskIpv4(address: number, bits: number): number {
  if (bits === 0) return 0;
  return bits === 32 ? address : address - (address % 2 ** (32 - bits));
}

function maskIpv6(parts: readonly number[], bits: number): string {
  let key = '';
  for (let index = 0; index < 8; index += 1) {
    const remaining = bits - index * 16;
    const part = parts[index] ?? 0;
    const masked = remaining >= 16 ? part : remaining <= 0 ? 0 : part & (0xffff << (16 - remaining)) & 0xffff;
    key += `${masked.toString(16)}:`;
  }
  return key;
}

function parseNetwork(text: string): ParsedNetwork | undefined {
  const slash = text.indexOf('/');
  const addressText = (slash === -1 ? text : text.slice(0, slash)).trim().replace(/^\[|\]$/g, '');
  const bitsText = slash === -1 ? undefined : text.slice(slash + 1).trim();
  const ipv4 = parseIpv4(addressText);
  if (ipv4 !== undefined) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
    return { kind: 'ipv4', address: ipv4, bits };
  }
  try {
    const address = ipaddr.IPv6.parse(addressText);
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 128) return undefined;
    if (address.isIPv4MappedAddress() && bits >= 96) {
      return { kind: 'ipv4', address: parseIpv4(address.toIPv4Address().toString())!, bits: bits - 96 };
    }
    return { kind: 'ipv6', parts: address.parts, bits };
  } catch {
    return undefined;
  }
}
