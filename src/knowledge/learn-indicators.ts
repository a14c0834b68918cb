/**
 * Learning indicators from a judged incident. Observables of a confirmed incident (public
 * addresses, external domains, URLs, hashes of programs outside the system folders, the accounts
 * involved) become indicators with provenance (incident and evidence events), confidence and TLP.
 * Observables that hit a known indicator are recorded as sightings of it instead. An indicator
 * carries the techniques of the alerts whose events show it (the C2 address: the beaconing, not
 * the credential dump on the same host), or the incident's when no alert names its events.
 */
import ipaddr from 'ipaddr.js';
import type { Alert, Event, EvidenceRef, Incident, Indicator, ObservableType, Tlp, Verdict } from '../core/index.js';
import { uuidV5 } from '../intel/index.js';
import { type ReasoningResult, type ReportedEvidence, reportedEvidence } from '../reason/index.js';
import type { IndicatorProvenance, IndicatorSightingRecord } from '../store/index.js';
import type { FeedbackStores } from './record-feedback.js';

/** Source of every learned indicator: `vigil:incident/<id>`. */
export const learnedSourcePrefix = 'vigil:incident/';
export const isLearnedSource = (source: string): boolean => source.startsWith(learnedSourcePrefix);
export const incidentOfLearnedSource = (source: string): string | undefined =>
  isLearnedSource(source) ? source.slice(learnedSourcePrefix.length) : undefined;

export const learnedIndicatorId = (type: ObservableType, value: string): string =>
  `indicator--${uuidV5(`vigil-learned:${type}:${value.toLowerCase()}`)}`;

const systemProgram = /^[a-z]:\\(windows\\(system32|syswow64|winsxs)|program files( \(x86\))?)\\/i;

export interface LearnOptions {
  /** TLP of learned indicators (incident data is internal by default). Default `amber`. */
  tlp?: Tlp;
}

export interface LearnedFromIncident {
  indicators: Indicator[];
  provenance: IndicatorProvenance[];
  sightings: IndicatorSightingRecord[];
}

const internalRanges = new Set([
  'private',
  'loopback',
  'linkLocal',
  'multicast',
  'unspecified',
  'broadcast',
  'carrierGradeNat',
  'uniqueLocal',
]);

function isPublicAddress(value: string): boolean {
  if (!ipaddr.isValid(value)) return false;
  // Documentation ranges (`reserved`) stay learnable: they stand for public addresses in examples and tests.
  return !internalRanges.has(ipaddr.process(value).range());
}

/** Domain suffixes of the incident's own hosts (`corp.example` of `ws-01.corp.example`): never learned. */
function internalSuffixes(incident: Incident): string[] {
  return incident.entities.hosts
    .filter((host) => host.includes('.'))
    .map((host) => host.toLowerCase().split('.').slice(1).join('.'));
}

function learnable(type: ObservableType, value: string, incident: Incident, evidenceEvents: readonly Event[]): boolean {
  const lower = value.toLowerCase();
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      return isPublicAddress(value);
    case 'domain-name':
      return (
        lower.includes('.') &&
        !internalSuffixes(incident).some((suffix) => lower === suffix || lower.endsWith(`.${suffix}`))
      );
    case 'url':
      return true;
    case 'md5':
    case 'sha1':
    case 'sha256':
      // A hash of a system program is not an indicator (living off the land): only other programs.
      return evidenceEvents.every((event) => {
        const path = event.process?.executable ?? event.file?.path ?? '';
        return !systemProgram.test(path);
      });
    default:
      return false;
  }
}

/**
 * Techniques of the alerts that fired on any of the evidence events (an observable learned from
 * the reported evidence carries what was seen on it); the incident's reported techniques if none did.
 */
function techniquesOfEvidence(
  reported: ReportedEvidence,
  alerts: readonly Alert[],
  evidence: readonly EvidenceRef[],
): string[] {
  const eventIds = new Set(evidence.filter((reference) => reference.kind === 'event').map((reference) => reference.id));
  const alertIds = new Set(evidence.filter((reference) => reference.kind === 'alert').map((reference) => reference.id));
  const found = new Set<string>();
  for (const alert of alerts)
    if (alertIds.has(alert.id) || alert.eventIds.some((id) => eventIds.has(id)))
      for (const technique of alert.techniques) found.add(technique);
  return [...(found.size > 0 ? found : reported.techniques)].sort();
}

/** Whether any of the evidence is reported evidence (not only the incident's context). */
function isReported(reported: ReportedEvidence, evidence: readonly EvidenceRef[]): boolean {
  return evidence.some((reference) =>
    reference.kind === 'alert' ? reported.alertIds.has(reference.id) : reported.eventIds.has(reference.id),
  );
}

/**
 * What a judged incident teaches: new indicators with provenance, and sightings of known ones.
 * Only the reported evidence teaches (`reportedEvidence`: the alerts behind the reported steps,
 * their events and the events the reported inferences cite): an observable or account seen only
 * in the incident's context (a shared service polled beside the attack, a routine program, a
 * tag the evidence does not show) is not the attacker's and is never learned.
 */
export function indicatorsFromIncident(input: {
  incident: Incident;
  reasoning: ReasoningResult;
  verdict: Verdict;
  eventsById: ReadonlyMap<string, Event>;
  now: Date;
  /** The incident's alerts: which are reported evidence, and each indicator's own techniques. */
  alerts: readonly Alert[];
  options?: LearnOptions;
}): LearnedFromIncident {
  const { incident, reasoning, alerts } = input;
  const tlp = input.options?.tlp ?? 'amber';
  const createdAt = input.now.toISOString();
  const result: LearnedFromIncident = { indicators: [], provenance: [], sightings: [] };
  const seenAt = incident.lastSeen;
  for (const observable of reasoning.context.observables) {
    for (const hit of observable.indicatorHits)
      result.sightings.push({
        indicatorId: hit.indicatorId,
        incidentId: incident.id,
        seenAt,
        count: observable.evidence.length,
      });
  }
  if (input.verdict !== 'true-positive') return result;
  const reported = reportedEvidence(reasoning.sequence, alerts);
  const confidence = Math.min(90, Math.round(40 + 50 * reasoning.sequence.confidence));
  const add = (type: ObservableType, value: string, evidence: EvidenceRef[], labels: string[]) => {
    const id = learnedIndicatorId(type, value);
    if (result.indicators.some((indicator) => indicator.id === id)) return;
    result.indicators.push({
      id,
      type,
      value,
      name: `${type} ${value} seen in ${incident.title}`.slice(0, 200),
      description: `Learned from incident ${incident.id} (${incident.title}), confirmed as a true positive.`,
      confidence: labels.includes('involved-account') ? Math.min(confidence, 40) : confidence,
      validFrom: incident.firstSeen,
      revoked: false,
      source: `${learnedSourcePrefix}${incident.id}`,
      tlp,
      labels: ['learned', ...labels],
      techniques: techniquesOfEvidence(reported, alerts, evidence),
    });
    result.provenance.push({
      indicatorId: id,
      incidentId: incident.id,
      evidence: evidence.slice(0, 20),
      tlp,
      createdAt,
    });
  };
  for (const observable of reasoning.context.observables) {
    if (observable.indicatorHits.length > 0 || !isReported(reported, observable.evidence)) continue;
    const events = observable.evidence.flatMap((reference) => {
      const event = reference.kind === 'event' ? input.eventsById.get(reference.id) : undefined;
      return event ? [event] : [];
    });
    if (!learnable(observable.type, observable.value, incident, events)) continue;
    add(observable.type, observable.value, observable.evidence, ['attacker-infrastructure']);
  }
  for (const user of reasoning.context.users)
    if (isReported(reported, user.evidence)) add('user-account', user.name, user.evidence, ['involved-account']);
  return result;
}

/** Learns from a judged incident and stores indicators, provenance and sightings. */
export async function learnFromIncident(
  stores: FeedbackStores,
  input: { incident: Incident; reasoning: ReasoningResult; verdict: Verdict; options?: LearnOptions },
): Promise<LearnedFromIncident> {
  const eventIds = input.reasoning.context.observables.flatMap((observable) =>
    observable.evidence.filter((reference) => reference.kind === 'event').map((reference) => reference.id),
  );
  const eventsById = new Map((await stores.store.getEvents([...new Set(eventIds)])).map((event) => [event.id, event]));
  const alerts = await stores.store.getAlerts(input.incident.alertIds);
  const learned = indicatorsFromIncident({ ...input, eventsById, alerts, now: stores.now?.() ?? new Date() });
  if (learned.indicators.length > 0) await stores.store.upsertIndicators(learned.indicators);
  await stores.knowledge.recordProvenance(learned.provenance);
  await stores.knowledge.recordSightings(learned.sightings);
  if (learned.indicators.length > 0 || learned.sightings.length > 0)
    await stores.store.appendAudit({
      actor: 'vigil',
      action: 'indicators-learned',
      subject: { kind: 'incident', id: input.incident.id },
      details: { learned: learned.indicators.map((indicator) => indicator.id), sightings: learned.sightings.length },
    });
  return learned;
}
