/**
 * Rejects claims that cite no evidence or evidence that does not exist. The set of
 * existing evidence is what the incident holds: its events, alerts and matched indicators, plus
 * the past incidents and CTI documents that retrieval found for it (cited as `incident` and `document`).
 */
import type { EvidenceRef } from '../core/index.js';
import type { ReasoningInput } from './reasoner.js';

export type EvidenceSet = ReadonlySet<string>;

export const evidenceKey = (reference: EvidenceRef): string => `${reference.kind}:${reference.id}`;

export function evidenceSetOf(input: ReasoningInput): EvidenceSet {
  const keys = new Set<string>([`incident:${input.incident.id}`]);
  for (const id of input.events.keys()) keys.add(`event:${id}`);
  for (const id of input.incident.eventIds) keys.add(`event:${id}`);
  for (const alert of input.alerts) keys.add(`alert:${alert.id}`);
  for (const match of input.indicatorMatches) keys.add(`indicator:${match.indicatorId}`);
  for (const technique of input.incident.techniques) keys.add(`technique:${technique}`);
  for (const item of input.retrieved ?? []) keys.add(`${item.kind}:${item.id}`);
  for (const match of input.patternMatches ?? []) {
    keys.add(`indicator:${match.indicatorId}`);
    for (const id of match.eventIds) keys.add(`event:${id}`);
  }
  return keys;
}

/**
 * Walks any artifact and returns one issue per claim whose `evidence` array is empty or
 * cites something not in `known`. Paths are JSON-pointer-like (`steps/2/evidence/0`).
 */
export function findEvidenceIssues(artifact: unknown, known: EvidenceSet, path = ''): string[] {
  if (Array.isArray(artifact)) {
    return artifact.flatMap((item, index) => findEvidenceIssues(item, known, `${path}/${index}`));
  }
  if (!artifact || typeof artifact !== 'object') return [];
  const issues: string[] = [];
  for (const [key, value] of Object.entries(artifact)) {
    if (key === 'evidence' && Array.isArray(value)) {
      if (value.length === 0 && path !== '/attackVector') issues.push(`${path}: claim without evidence`);
      value.forEach((reference: EvidenceRef, index) => {
        if (!known.has(evidenceKey(reference))) {
          issues.push(`${path}/evidence/${index}: ${evidenceKey(reference)} does not exist in this incident`);
        }
      });
    } else {
      issues.push(...findEvidenceIssues(value, known, `${path}/${key}`));
    }
  }
  return issues;
}
