/**
 * Similar-incident search: past incidents ranked by what they share with one incident — entities
 * (hosts, users, addresses, domains, hashes), indicators (matched or learned) and ATT&CK techniques
 * (exact, or the same parent). Weighted Jaccard overlaps, each shared item listed as the reason.
 */
import type { Incident, IncidentArtifacts } from '../core/index.js';
import { NotFoundError } from '../core/index.js';
import type { KnowledgeStore, Store } from '../store/index.js';

export interface SimilarIncident {
  incident: Pick<Incident, 'id' | 'title' | 'severity' | 'firstSeen' | 'lastSeen' | 'techniques'>;
  /** 0–1. */
  score: number;
  shared: { entities: string[]; indicators: string[]; techniques: string[] };
  verdict?: string;
}

const weights = { entities: 0.45, indicators: 0.3, techniques: 0.25 };

function entityKeys(incident: Incident): Set<string> {
  const keys = new Set<string>();
  const { hosts, users, ips, domains, hashes } = incident.entities;
  for (const host of hosts) keys.add(`host:${host.toLowerCase().split('.')[0]}`);
  for (const user of users) keys.add(`user:${(user.split('\\').pop() ?? user).toLowerCase()}`);
  for (const ip of ips) keys.add(`ip:${ip}`);
  for (const domain of domains) keys.add(`domain:${domain.toLowerCase()}`);
  for (const hash of hashes) keys.add(`hash:${hash.toLowerCase()}`);
  return keys;
}

function techniqueKeys(incident: Incident): Set<string> {
  const keys = new Set<string>();
  for (const technique of incident.techniques) {
    keys.add(technique);
    keys.add(`${technique.split('.')[0]}*`);
  }
  return keys;
}

function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): { score: number; shared: string[] } {
  const shared = [...left].filter((key) => right.has(key));
  const union = new Set([...left, ...right]).size;
  return { score: union === 0 ? 0 : shared.length / union, shared };
}

/** Indicator ids an incident matched (in its context artifact) or produced (provenance). */
async function indicatorKeys(
  stores: { store: Store; knowledge: KnowledgeStore },
  incidentId: string,
  artifacts: IncidentArtifacts,
): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const hit of artifacts.indicatorHits ?? []) keys.add(hit.indicatorId);
  for (const observable of artifacts.context?.observables ?? []) {
    for (const hit of observable.indicatorHits) keys.add(hit.indicatorId);
    if (['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'md5', 'sha1', 'sha256'].includes(observable.type))
      keys.add(`${observable.type}:${observable.value.toLowerCase()}`);
  }
  for (const record of await stores.knowledge.listProvenance({ incidentId })) keys.add(record.indicatorId);
  return keys;
}

export async function findSimilarIncidents(
  stores: { store: Store; knowledge: KnowledgeStore },
  incidentId: string,
  options: { limit?: number; minimumScore?: number; candidates?: number } = {},
): Promise<SimilarIncident[]> {
  const found = await stores.store.getIncident(incidentId);
  if (!found) throw new NotFoundError(`no incident ${incidentId}`, { location: { objectId: incidentId } });
  const target = found.incident;
  const targetEntities = entityKeys(target);
  const targetTechniques = techniqueKeys(target);
  const targetIndicators = await indicatorKeys(stores, incidentId, found.artifacts);
  const verdicts = new Map(
    (await stores.knowledge.listVerdicts()).map((record) => [record.incidentId, record.verdict]),
  );
  const results: SimilarIncident[] = [];
  for (const candidate of await stores.store.listIncidents({ limit: options.candidates ?? 1000 })) {
    if (candidate.id === incidentId) continue;
    const stored = await stores.store.getIncident(candidate.id);
    const entities = jaccard(targetEntities, entityKeys(candidate));
    const techniques = jaccard(targetTechniques, techniqueKeys(candidate));
    const indicators = jaccard(targetIndicators, await indicatorKeys(stores, candidate.id, stored?.artifacts ?? {}));
    const score =
      weights.entities * entities.score + weights.indicators * indicators.score + weights.techniques * techniques.score;
    if (score <= (options.minimumScore ?? 0)) continue;
    const verdict = verdicts.get(candidate.id);
    results.push({
      incident: {
        id: candidate.id,
        title: candidate.title,
        severity: candidate.severity,
        firstSeen: candidate.firstSeen,
        lastSeen: candidate.lastSeen,
        techniques: candidate.techniques,
      },
      score: Number(score.toFixed(3)),
      shared: {
        entities: entities.shared,
        indicators: indicators.shared,
        techniques: techniques.shared.filter((key) => !key.endsWith('*')),
      },
      ...(verdict ? { verdict } : {}),
    });
  }
  return results
    .sort((left, right) => right.score - left.score || left.incident.id.localeCompare(right.incident.id))
    .slice(0, options.limit ?? 10);
}
