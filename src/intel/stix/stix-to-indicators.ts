import { type Indicator, indicatorSchema, type ObservableType } from '../../core/index.js';
import { valueProblem } from '../matching/value-problem.js';
import { addressTypeOfPath, observableTypeOfPath } from '../pattern/observable-paths.js';
import { parsePattern } from '../pattern/parse-pattern.js';
import { withRelations } from './join-relations.js';
import { tacticsOfKillChainPhases } from './stix-kill-chain.js';
import { strictestTlp, tlpMarkingIds, tlpOfMarkingDefinition } from './stix-markings.js';
import type { StixObject } from './stix-object.js';
import { stixRelationshipGraph, techniquesOfReferences } from './stix-relationships.js';

const knownPatternTypes = new Set(['stix', 'sigma', 'snort', 'suricata', 'yara', 'pcre']);

/** A STIX indicator that could not become a Vigil indicator. */
export interface IndicatorConversionProblem {
  objectId: string;
  reason: string;
}

/**
 * Turns the indicator objects of a set of STIX objects into Vigil indicators:
 * TLP from object markings (fixed TLP ids or marking-definitions in the set),
 * ATT&CK techniques from the indicator's references and `indicates` relationships to
 * attack-patterns, tactics its source names (kill-chain phases, command-and-control
 * infrastructure), and who is behind it from the relationships (`indicates` malware, tool,
 * intrusion set, threat actor or campaign, then `attributed-to`, `authored-by` and `uses`),
 * each with the techniques the bundle says it uses: what it is known to do, kept apart from
 * what the indicator itself shows. Single equality patterns also get a typed value.
 */
export function stixToIndicators(
  objects: readonly StixObject[],
  source: string,
): { indicators: Indicator[]; problems: IndicatorConversionProblem[] } {
  const markings = new Map<string, StixObject>();
  for (const object of objects) if (object.type === 'marking-definition') markings.set(object.id, object);
  const graph = stixRelationshipGraph(objects);
  const indicators: Indicator[] = [];
  const problems: IndicatorConversionProblem[] = [];
  for (const object of objects) {
    if (object.type !== 'indicator') continue;
    const relations = graph.relationsOf(object);
    const ownTechniques = [...new Set(techniquesOfReferences(object))].sort();
    const ownTactics = tacticsOfKillChainPhases(object.kill_chain_phases);
    const single = singleValueOf(object);
    const problem = single.type && single.value !== undefined ? valueProblem(single.type, single.value) : undefined;
    if (problem) {
      problems.push({ objectId: object.id, reason: `pattern: ${problem}` });
      continue;
    }
    const candidate = {
      id: object.id,
      ...single,
      pattern: String(object.pattern),
      patternType: knownPatternTypes.has(String(object.pattern_type)) ? object.pattern_type : 'other',
      ...(typeof object.name === 'string' ? { name: object.name } : {}),
      ...(typeof object.description === 'string' ? { description: object.description } : {}),
      confidence: typeof object.confidence === 'number' ? object.confidence : 50,
      ...(typeof object.valid_from === 'string' ? { validFrom: object.valid_from } : {}),
      ...(typeof object.valid_until === 'string' ? { validUntil: object.valid_until } : {}),
      revoked: object.revoked === true,
      source,
      tlp: strictestTlp(markingRefs(object).map((id) => tlpMarkingIds[id] ?? tlpOf(markings.get(id)))),
      labels: [...stringArray(object.indicator_types), ...stringArray(object.labels)],
      techniques: ownTechniques,
      ...(ownTactics.length > 0 ? { tactics: ownTactics } : {}),
    };
    const parsed = indicatorSchema.safeParse(candidate);
    // What the relationships add is recorded apart, so a later revocation can take it back.
    if (parsed.success)
      indicators.push(
        withRelations(parsed.data, { techniques: ownTechniques, tactics: ownTactics }, relations) as Indicator,
      );
    else
      problems.push({
        objectId: object.id,
        reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      });
  }
  return { indicators, problems };
}

/** `{type, value}` when the pattern is one equality test on a path the index knows. */
function singleValueOf(object: StixObject): { type?: ObservableType; value?: string } {
  if (object.pattern_type !== 'stix' || typeof object.pattern !== 'string') return {};
  try {
    const root = parsePattern(object.pattern).root;
    if (root.kind !== 'observation' || root.comparison.kind !== 'comparison') return {};
    const comparison = root.comparison;
    if (comparison.negated || comparison.operator !== '=' || Array.isArray(comparison.value)) return {};
    if (comparison.value.kind !== 'string') return {};
    const value = comparison.value.value;
    const type = observableTypeOfPath(comparison.path) ?? addressTypeOfPath(comparison.path, value);
    return type ? { type, value } : {};
  } catch {
    return {};
  }
}

function tlpOf(marking: StixObject | undefined) {
  return marking ? tlpOfMarkingDefinition(marking) : undefined;
}

function markingRefs(object: StixObject): string[] {
  return stringArray(object.object_marking_refs);
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
