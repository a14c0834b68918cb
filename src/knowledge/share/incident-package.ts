/**
 * What sharing an incident exports, gathered once from the stores: the incident, its reasoning
 * artifacts, the indicators it produced or matched (with sightings), and the TLP of each. Objects
 * above the destination's TLP ceiling are left out and listed, so nothing leaves silently.
 */
import type { Incident, Indicator, Tlp } from '../../core/index.js';
import { NotFoundError } from '../../core/index.js';
import type { AttackSequence, IncidentContext, ResponsePlan } from '../../reason/index.js';
import { attackSequenceSchema, incidentContextSchema, responsePlanSchema } from '../../reason/index.js';
import type { KnowledgeStore, Store } from '../../store/index.js';
import { shareable, strictest } from './tlp-ceiling.js';

export interface IncidentPackage {
  incident: Incident;
  context: IncidentContext | undefined;
  sequence: AttackSequence | undefined;
  plan: ResponsePlan | undefined;
  /** Indicators learned from the incident or matched in it, within the TLP ceiling. */
  indicators: Indicator[];
  /** Sightings of those indicators in this incident. */
  sightings: { indicatorId: string; count: number; firstSeen: string; lastSeen: string }[];
  /** TLP of the package: the incident's own level, raised to the strictest object included. */
  tlp: Tlp;
  /** Indicator ids left out because their TLP is above the ceiling. */
  withheld: string[];
}

export interface PackageOptions {
  /** The destination's TLP ceiling. Default `amber`. */
  ceiling?: Tlp;
  /** TLP of the incident itself (its description, story and plan). Default `amber`. */
  incidentTlp?: Tlp;
}

export async function packageIncident(
  stores: { store: Store; knowledge: KnowledgeStore },
  incidentId: string,
  options: PackageOptions = {},
): Promise<IncidentPackage> {
  const found = await stores.store.getIncident(incidentId);
  if (!found) throw new NotFoundError(`no incident ${incidentId}`, { location: { objectId: incidentId } });
  const ceiling = options.ceiling ?? 'amber';
  const incidentTlp = options.incidentTlp ?? 'amber';
  if (!shareable(incidentTlp, ceiling))
    throw new NotFoundError(
      `incident ${incidentId} is TLP:${incidentTlp.toUpperCase()}, above the destination's TLP:${ceiling.toUpperCase()}`,
      {
        location: { objectId: incidentId },
      },
    );
  const context = incidentContextSchema.safeParse(found.artifacts.context);
  const sequence = attackSequenceSchema.safeParse(found.artifacts.sequence);
  const plan = responsePlanSchema.safeParse(found.artifacts.plan);
  const provenance = await stores.knowledge.listProvenance({ incidentId });
  const learned = new Set(provenance.map((record) => record.indicatorId));
  // What the incident observed: indicators it matched, and those it produced (seen in their evidence).
  const hits = new Map<string, number>(provenance.map((record) => [record.indicatorId, record.evidence.length]));
  for (const observable of context.success ? context.data.observables : [])
    for (const hit of observable.indicatorHits)
      hits.set(hit.indicatorId, (hits.get(hit.indicatorId) ?? 0) + observable.evidence.length);
  const matched = found.artifacts.indicatorHits ?? [];
  for (const hit of matched) if (!hits.has(hit.indicatorId)) hits.set(hit.indicatorId, 1);
  const wanted = new Set([...learned, ...hits.keys()]);
  const stored = (await stores.store.listIndicators()).filter((indicator) => wanted.has(indicator.id));
  // Indicators matched from intel files (`investigate --intel`) are not in the store: the hit
  // says what matched. Their TLP is unknown, so they are treated as AMBER.
  const storedIds = new Set(stored.map((indicator) => indicator.id));
  const fromHits = new Map<string, Indicator>();
  for (const hit of matched) {
    if (storedIds.has(hit.indicatorId) || fromHits.has(hit.indicatorId)) continue;
    fromHits.set(hit.indicatorId, {
      id: hit.indicatorId,
      ...(hit.type ? { type: hit.type } : {}),
      value: hit.value,
      confidence: hit.confidence,
      revoked: false,
      source: hit.source,
      tlp: 'amber',
      labels: [],
      techniques: [],
    });
  }
  const all = [...stored, ...fromHits.values()];
  const indicators = all.filter((indicator) => shareable(indicator.tlp, ceiling));
  const withheld = all.filter((indicator) => !shareable(indicator.tlp, ceiling)).map((indicator) => indicator.id);
  const incident = found.incident;
  return {
    incident,
    context: context.success ? context.data : undefined,
    sequence: sequence.success ? sequence.data : undefined,
    plan: plan.success ? plan.data : undefined,
    indicators,
    sightings: [...hits]
      .filter(([id]) => indicators.some((indicator) => indicator.id === id))
      .map(([indicatorId, count]) => ({
        indicatorId,
        count: Math.max(1, count),
        firstSeen: incident.firstSeen,
        lastSeen: incident.lastSeen,
      })),
    tlp: strictest([incidentTlp, ...indicators.map((indicator) => indicator.tlp)]),
    withheld,
  };
}
