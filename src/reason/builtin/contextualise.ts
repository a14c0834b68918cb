/** Built-in stage 1: assets, accounts, attack vector, observables with TI hits, KEV facts, impact score. */
import type { Event, EvidenceRef, IncidentContext, ObservableType } from '../../core/index.js';
import { shortHostName } from '../asset-inventory.js';
import type { ReasoningInput } from '../reasoner.js';
import { attributionContext } from './actor-expectations.js';

const privilegedNames =
  /^(administrator|admin|root|domain admins?|enterprise admins?|krbtgt)$|adm(in)?[-_.]|[-_.]adm(in)?$/i;

const eventRef = (event: Event): EvidenceRef => ({ kind: 'event', id: event.id });

function byValue<T>(entries: Iterable<[string, T]>): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const [key, value] of entries) {
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  return grouped;
}

/** Which alert tactics and techniques suggest which initial access vector. */
function attackVectorOf(input: ReasoningInput): IncidentContext['attackVector'] {
  const checks: Array<{ vector: IncidentContext['attackVector']['vector']; test: RegExp; rationale: string }> = [
    { vector: 'phishing', test: /^T1566/, rationale: 'phishing technique observed' },
    {
      vector: 'exploit-public-facing-application',
      test: /^T1190/,
      rationale: 'exploitation of a public-facing application observed',
    },
    { vector: 'external-remote-services', test: /^T1133/, rationale: 'use of external remote services observed' },
    {
      vector: 'valid-accounts',
      test: /^T1078|^T1110/,
      rationale: 'account abuse (valid accounts or brute force) observed',
    },
    { vector: 'drive-by-compromise', test: /^T1189/, rationale: 'drive-by compromise observed' },
  ];
  for (const check of checks) {
    const alerts = input.alerts.filter((alert) => alert.techniques.some((technique) => check.test.test(technique)));
    if (alerts.length > 0) {
      return {
        vector: check.vector,
        rationale: check.rationale,
        evidence: alerts.map((alert) => ({ kind: 'alert', id: alert.id })),
      };
    }
  }
  return { vector: 'unknown', rationale: 'no initial-access technique was detected in this incident', evidence: [] };
}

export function contextualise(input: ReasoningInput, reasoner: string): IncidentContext {
  const events = [...input.events.values()];
  const hosts = byValue(
    events
      .filter((event) => event.host?.name)
      .map((event) => [event.host!.name!.toLowerCase(), event] as [string, Event]),
  );
  const users = byValue(
    events.flatMap((event) =>
      [event.user, event.targetUser]
        .filter((user) => user?.name)
        .map((user) => [user!.domain ? `${user!.domain}\\${user!.name}` : user!.name!, event] as [string, Event]),
    ),
  );
  const hitsByEvent = byValue(input.indicatorMatches.map((match) => [match.eventId, match]));
  const observables = new Map<string, IncidentContext['observables'][number]>();
  for (const event of events) {
    for (const observable of event.observables) {
      if (!['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'md5', 'sha1', 'sha256', 'cve'].includes(observable.type))
        continue;
      const key = `${observable.type}:${observable.value}`;
      const entry = observables.get(key) ?? {
        type: observable.type as ObservableType,
        value: observable.value,
        indicatorHits: [],
        evidence: [],
      };
      if (entry.evidence.length < 20) entry.evidence.push(eventRef(event));
      for (const hit of hitsByEvent.get(event.id) ?? []) {
        if (
          hit.value.toLowerCase() === observable.value.toLowerCase() &&
          !entry.indicatorHits.some((known) => known.indicatorId === hit.indicatorId)
        ) {
          entry.indicatorHits.push({ indicatorId: hit.indicatorId, source: hit.source, confidence: hit.confidence });
        }
      }
      observables.set(key, entry);
    }
  }
  const cveEvidence = new Map<string, EvidenceRef[]>();
  for (const alert of input.alerts)
    for (const cve of alert.cves)
      cveEvidence.set(cve, [...(cveEvidence.get(cve) ?? []), { kind: 'alert' as const, id: alert.id }].slice(0, 20));
  const cves = [...cveEvidence.entries()].map(([id, evidence]) => {
    const known = input.knownExploited?.get(id);
    return { id, knownExploited: known !== undefined, ransomwareUse: known?.ransomwareUse ?? false, evidence };
  });

  const hostEntries = [...hosts.entries()].map(([name, hostEvents]) => ({
    name,
    criticality: input.assetCriticality?.get(shortHostName(name)) ?? ('unknown' as const),
    evidence: hostEvents.slice(0, 10).map(eventRef),
  }));
  const userEntries = [...users.entries()].map(([name, userEvents]) => ({
    name,
    privileged: privilegedNames.test(name.split('\\').pop() ?? name),
    evidence: userEvents.slice(0, 10).map(eventRef),
  }));

  const reasons: string[] = [];
  let score = { informational: 5, low: 15, medium: 35, high: 55, critical: 75 }[input.incident.severity];
  reasons.push(`incident severity ${input.incident.severity} (+${score})`);
  const critical = hostEntries.filter((host) => host.criticality === 'critical' || host.criticality === 'high');
  if (critical.length > 0) {
    score += 15;
    reasons.push(`${critical.length} high-value asset(s): ${critical.map((host) => host.name).join(', ')} (+15)`);
  }
  if (userEntries.some((user) => user.privileged)) {
    score += 10;
    reasons.push('a privileged account is involved (+10)');
  }
  if (hostEntries.length > 1) {
    score += 5;
    reasons.push(`spread over ${hostEntries.length} hosts (+5)`);
  }
  if (cves.some((cve) => cve.knownExploited)) {
    score += 10;
    reasons.push('a known exploited vulnerability (CISA KEV) is involved (+10)');
  }
  if (input.indicatorMatches.length > 0) {
    score += 5;
    reasons.push(`${input.indicatorMatches.length} threat-intelligence match(es) (+5)`);
  }
  const observed = new Set(input.alerts.flatMap((alert) => alert.techniques));
  const attribution = attributionContext(input, observed);
  if (attribution.length > 0)
    reasons.push(
      `the threat intelligence attributes it to ${attribution
        .slice(0, 3)
        .map((item) => `${item.kind} ${item.name}`)
        .join(', ')}`,
    );
  return {
    schemaVersion: 'vigil.context/1',
    incidentId: input.incident.id,
    reasoner,
    hosts: hostEntries,
    users: userEntries,
    attackVector: attackVectorOf(input),
    observables: [...observables.values()],
    cves,
    impact: { score: Math.min(100, score), reasons },
    ...(attribution.length > 0 ? { attribution } : {}),
  };
}
