import { getPublicSuffix } from 'tldts';
import type { ObservableType } from '../../core/index.js';
import { IpPrefixTable } from './ip-prefix-table.js';
import { normalizeDomain, normalizeValue } from './normalize-value.js';

interface DomainEntry<Value> {
  value: Value;
  /** False when the listed name is itself a public suffix: then only the exact name matches. */
  subdomains: boolean;
}

/**
 * Values by observable type with the right lookup for each: longest-prefix for
 * addresses and networks, parent-domain walk for domain names (public suffixes
 * never match their subdomains), normalised exact match for everything else.
 */
export class ValueStore<Value> {
  readonly #networks = new IpPrefixTable<Value>();
  readonly #domains = new Map<string, DomainEntry<Value>[]>();
  readonly #exact = new Map<ObservableType, Map<string, Value[]>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a value; returns false when it cannot be of the type (bad address, empty). */
  add(type: ObservableType, value: string, item: Value): boolean {
    let added: boolean;
    if (type === 'ipv4-addr' || type === 'ipv6-addr') {
      added = this.#networks.add(value.trim(), item);
    } else if (type === 'domain-name' || type === 'hostname') {
      const domain = normalizeDomain(value.trim());
      added = domain.length > 0;
      if (added) {
        const entry = { value: item, subdomains: getPublicSuffix(domain) !== domain };
        const existing = this.#domains.get(domain);
        if (existing) existing.push(entry);
        else this.#domains.set(domain, [entry]);
      }
    } else {
      const normalized = normalizeValue(type, value);
      added = normalized !== undefined;
      if (normalized !== undefined) {
        let table = this.#exact.get(type);
        if (!table) {
          table = new Map();
          this.#exact.set(type, table);
        }
        const existing = table.get(normalized);
        if (existing) existing.push(item);
        else table.set(normalized, [item]);
      }
    }
    if (added) this.#size += 1;
    return added;
  }

  /** Everything listed that the observed value falls under. */
  lookup(type: ObservableType, value: string): Value[] {
    if (type === 'ipv4-addr' || type === 'ipv6-addr')
      return this.#networks.size > 0 ? this.#networks.lookup(value.trim()) : [];
    if (type === 'domain-name' || type === 'hostname') return this.#lookupDomain(normalizeDomain(value.trim()));
    const table = this.#exact.get(type);
    if (!table) return [];
    const normalized = normalizeValue(type, value);
    return normalized === undefined ? [] : (table.get(normalized) ?? []);
  }

  #lookupDomain(domain: string): Value[] {
    if (this.#domains.size === 0) return [];
    const found: Value[] = [];
    const exact = this.#domains.get(domain);
    if (exact) for (const entry of exact) found.push(entry.value);
    let dot = domain.indexOf('.');
    while (dot !== -1) {
      const parent = domain.slice(dot + 1);
      const entries = this.#domains.get(parent);
      if (entries) for (const entry of entries) if (entry.subdomains) found.push(entry.value);
      dot = domain.indexOf('.', dot + 1);
    }
    return found;
  }
}
