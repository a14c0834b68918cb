/**
 * Storing imported threat intelligence so that what arrives separately is joined: the import's
 * indicators, and its context objects (STIX relationships and the SDOs they point to) kept in
 * the knowledge store. Each import then computes the techniques, tactics and attribution of its
 * own indicators and of the stored indicators that relationships name from every context object
 * known, so an indicator polled today is attributed by a relationship polled yesterday, and one
 * polled yesterday by today's relationship. The walk is bounded as one bundle's is (4 hops, 20
 * attributions per indicator); the stored context is read up to `maxContextObjects`.
 */
import type { Indicator } from '../core/index.js';
import {
  contextObjectsOf,
  type IntelImport,
  joinIndicatorRelations,
  relatedIndicatorIds,
  type StixObject,
  validateStixObject,
} from '../intel/index.js';
import type { IntelObjectRecord, KnowledgeStore, Store } from '../store/index.js';

/** Context objects read back per import. */
const maxContextObjects = 500_000;

export interface StoredIntelImport {
  /** Indicators of the import written. */
  indicators: number;
  /** Context objects (relationships, SDOs) new or newer than what the store had. */
  contextObjects: number;
  /** Indicators whose techniques, tactics or attribution changed by joining with the stored context (this import's included). */
  joined: number;
}

const versionOf = (object: StixObject) =>
  typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : '';

function recordOf(object: StixObject): IntelObjectRecord {
  return { id: object.id, type: object.type, version: versionOf(object), body: JSON.stringify(object) };
}

/** The stored context, each body read again as a STIX object (one that no longer validates is left out). */
async function storedContext(knowledge: KnowledgeStore): Promise<StixObject[]> {
  const records = await knowledge.listIntelObjects({ limit: maxContextObjects });
  const objects: StixObject[] = [];
  for (const record of records) {
    try {
      const validated = validateStixObject(JSON.parse(record.body));
      if (validated.ok) objects.push(validated.value);
    } catch {
      // A body that is not JSON any more is not context.
    }
  }
  return objects;
}

/**
 * Indicators joined with the context the store keeps (and `extra`, context not stored: an
 * `investigate --intel` file's own relationships), as an import joins its own: the one join of
 * `vigil intel import`, `intel watch` and `investigate --intel`.
 */
export async function joinWithStoredContext(
  knowledge: KnowledgeStore,
  indicators: readonly Indicator[],
  extra: readonly StixObject[] = [],
): Promise<Indicator[]> {
  const context = [...(await storedContext(knowledge)), ...contextObjectsOf(extra)];
  return context.length > 0 ? joinIndicatorRelations(indicators, context) : [...indicators];
}

export async function storeIntelImport(
  stores: { store: Store; knowledge: KnowledgeStore },
  result: IntelImport,
): Promise<StoredIntelImport> {
  const contextObjects = await stores.knowledge.saveIntelObjects(contextObjectsOf(result.stixObjects).map(recordOf));
  const context = await storedContext(stores.knowledge);
  const imported = new Set(result.indicators.map((indicator) => indicator.id));
  // Every stored indicator a relationship names, revoked ones included: a revocation takes back what it gave.
  const earlier = [...relatedIndicatorIds(context, { revoked: true })].filter((id) => !imported.has(id));
  const stored = earlier.length > 0 ? await stores.store.getIndicators(earlier) : [];
  const before: Indicator[] = [...result.indicators, ...stored];
  const after = joinIndicatorRelations(before, context);
  const changed = after.filter((indicator, position) => indicator !== before[position]);
  const changedStored = after
    .slice(result.indicators.length)
    .filter((indicator, position) => indicator !== stored[position]);
  // Withdrawn (MISP to_ids false): the stored version is retracted, revoked; one never stored stays unstored.
  const withdrawn = [...new Set(result.withdrawn)].filter((id) => !imported.has(id));
  const retracted = (withdrawn.length > 0 ? await stores.store.getIndicators(withdrawn) : [])
    .filter((indicator) => !indicator.revoked)
    .map((indicator) => ({ ...indicator, revoked: true }));
  await stores.store.upsertIndicators([...after.slice(0, result.indicators.length), ...changedStored, ...retracted]);
  return { indicators: result.indicators.length, contextObjects, joined: changed.length };
}
