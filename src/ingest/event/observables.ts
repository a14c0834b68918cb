import { addressType, hashType, isDomainName, type Observable, type ObservableType, refang } from '../../core/index.js';
import { compileGuardedRegex, trimCharacters } from '../../guard/index.js';
import type { EventDraft } from '../types.js';

const placeholderValues = new Set(['-', '', '(null)', 'null', 'n/a', 'N/A', 'unknown', '?', '(empty)']);
const urlInText = /\b(?:https?|hxxps?|ftp|fxp)(?:\[:\]|:)\/\/[^\s"'<>`]+/gi;
const ipv4InText = /(?<![\d.])(?:\d{1,3}(?:\.|\[\.\]|\(\.\))){3}\d{1,3}(?![\d.])/g;
/** On the guard's linear engine: V8 rescans a long dotted run from every label (quadratic). */
const defangedDomainInText = compileGuardedRegex(
  /\b[a-z0-9-]+(?:(?:\[\.\]|\(\.\)|\.)[a-z0-9-]+)*(?:\[\.\]|\(\.\))[a-z]{2,63}\b/.source,
  { caseInsensitive: true },
);
const hashInText = /(?<![0-9a-f])(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})(?![0-9a-f])/gi;
const cveInText = /\bCVE-\d{4}-\d{4,7}\b/gi;

/**
 * Collects observables without duplicates (same type and value), keeping the first field seen.
 * An event has a handful of observables, so a linear scan beats a Set of composite keys, which
 * would cost two strings per candidate at 10⁵ events/s.
 */
class ObservableCollector {
  readonly list: Observable[] = [];

  add(type: ObservableType, value: string | undefined, field: string): void {
    if (value === undefined || value === '') return;
    const trimmed = value.trim();
    if (placeholderValues.has(trimmed)) return;
    const list = this.list;
    for (let index = 0; index < list.length; index += 1) {
      const existing = list[index] as Observable;
      if (existing.value === trimmed && existing.type === type) return;
    }
    list.push({ type, value: trimmed, field });
  }

  addAddress(value: string | undefined, field: string): void {
    if (!value) return;
    const address = refang(value.trim());
    const type = addressType(address);
    if (type) this.add(type, address, field);
  }

  addDomain(value: string | undefined, field: string): void {
    if (!value) return;
    let domain = refang(value.trim()).toLowerCase();
    if (domain.endsWith('.')) domain = domain.slice(0, -1);
    if (addressType(domain)) this.addAddress(domain, field);
    else if (isDomainName(domain)) this.add('domain-name', domain, field);
  }

  addHashes(hashes: Record<string, string | undefined> | undefined, field: string): void {
    if (!hashes) return;
    for (const kind in hashes) {
      const value = hashes[kind];
      if (!value) continue;
      const type = kind === 'imphash' ? undefined : hashType(value);
      if (type) this.add(type, value.toLowerCase(), `${field}.${kind}`);
    }
  }

  addFreeText(text: string, field: string): void {
    if (text.length === 0) return;
    for (const match of text.matchAll(urlInText)) this.add('url', trimCharacters(refang(match[0]), '),.;]'), field);
    for (const match of text.matchAll(ipv4InText)) this.addAddress(match[0], field);
    if (text.includes('[.]') || text.includes('(.)')) {
      for (const match of defangedDomainInText.matches(text)) this.addDomain(match, field);
    }
    for (const match of text.matchAll(hashInText)) {
      const type = hashType(match[0]);
      if (type) this.add(type, match[0].toLowerCase(), field);
    }
    for (const match of text.matchAll(cveInText)) this.add('cve', match[0].toUpperCase(), field);
  }
}

/**
 * Observables of a normalised event, for intelligence matching: addresses, domains, URLs,
 * hashes, accounts, hosts, files, registry keys, TLS fingerprints, user agents; and URLs, IPs,
 * defanged domains, hashes and CVE ids found in the free text the parser pointed at
 * (command lines, messages). Defanged forms (`hxxp`, `[.]`) are refanged.
 */
export function extractObservables(draft: EventDraft): Observable[] {
  const collector = new ObservableCollector();
  collector.addAddress(draft.source?.ip, 'source.ip');
  collector.addAddress(draft.destination?.ip, 'destination.ip');
  collector.addDomain(draft.source?.domain, 'source.domain');
  collector.addDomain(draft.destination?.domain, 'destination.domain');
  for (const ip of draft.host?.ip ?? []) collector.addAddress(ip, 'host.ip');
  collector.add('hostname', draft.host?.name, 'host.name');
  collector.addDomain(draft.dns?.question?.name, 'dns.question.name');
  for (const answer of draft.dns?.answers ?? []) collector.addDomain(answer, 'dns.answers');
  if (draft.url?.full) collector.add('url', refang(draft.url.full), 'url.full');
  collector.addDomain(draft.url?.domain, 'url.domain');
  collector.addDomain(draft.tls?.serverName, 'tls.serverName');
  collector.add('ja3', draft.tls?.ja3, 'tls.ja3');
  collector.add('user-agent', draft.http?.userAgent, 'http.userAgent');
  collector.add('user-account', draft.user?.name, 'user.name');
  collector.add('user-account', draft.targetUser?.name, 'targetUser.name');
  collector.add('file-path', draft.process?.executable, 'process.executable');
  collector.addHashes(draft.process?.hashes, 'process.hashes');
  collector.add('file-path', draft.process?.parent?.executable, 'process.parent.executable');
  collector.add('file-path', draft.file?.path, 'file.path');
  collector.add('file-name', draft.file?.name, 'file.name');
  collector.addHashes(draft.file?.hashes, 'file.hashes');
  collector.add('windows-registry-key', draft.registry?.key, 'registry.key');
  if (draft.process?.commandLine) collector.addFreeText(draft.process.commandLine, 'process.commandLine');
  for (const text of draft.freeText ?? []) collector.addFreeText(text, 'message');
  if (draft.observables)
    for (const observable of draft.observables)
      collector.add(observable.type, observable.value, observable.field ?? 'fields');
  return collector.list;
}
