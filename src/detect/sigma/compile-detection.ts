/**
 * Compiles a rule's `detection` block: each named selection to a predicate, then the condition
 * over them. A list of conditions means any of them. In the same pass, from the same items and
 * parsed conditions, it emits what an event must hold for the predicate to be true
 * (rule-requirement.ts), which the detector's prefilter reads.
 */
import { InputInvalidError, UnsupportedError } from '../../core/index.js';
import { compileCondition } from './compile-condition.js';
import { parseCondition } from './condition-parser.js';
import { type CompileContext, compileDetectionItem, type EventPredicate } from './detection-item.js';
import { allOf, anyOf, conditionRequirement, itemRequirement, type RuleRequirement } from './rule-requirement.js';

/** A compiled detection: its predicate and what an event must hold for it to be true. */
export interface CompiledDetection {
  readonly match: EventPredicate;
  readonly requirement: RuleRequirement;
}

export function compileDetection(
  detection: Readonly<Record<string, unknown>>,
  context: CompileContext,
): CompiledDetection {
  const selections = new Map<string, EventPredicate>();
  const requirements = new Map<string, RuleRequirement>();
  for (const [name, definition] of Object.entries(detection)) {
    if (name === 'condition') continue;
    if (name === 'timeframe')
      throw new UnsupportedError("'timeframe' (Sigma v1 aggregation) is not supported; use a correlation rule");
    try {
      const compiled = compileSelectionParts(definition, context);
      selections.set(name, compiled.match);
      requirements.set(name, compiled.requirement);
    } catch (error) {
      if (error instanceof Error) error.message = `selection '${name}': ${error.message}`;
      throw error;
    }
  }
  const condition = detection.condition;
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || conditions.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw new InputInvalidError('condition must be a non-empty string or list of strings');
  }
  const nodes = (conditions as string[]).map(parseCondition);
  const predicates = nodes.map((node) => compileCondition(node, selections));
  const requirement = anyOf(nodes.map((node) => conditionRequirement(node, requirements)));
  if (predicates.length === 1) return { match: predicates[0] as EventPredicate, requirement };
  return { match: (view) => predicates.some((predicate) => predicate(view)), requirement };
}

export function compileSelection(definition: unknown, context: CompileContext): EventPredicate {
  return compileSelectionParts(definition, context).match;
}

function compileSelectionParts(definition: unknown, context: CompileContext): CompiledDetection {
  if (definition === null || definition === undefined) throw new InputInvalidError('selection is empty');
  if (Array.isArray(definition)) {
    if (definition.length === 0) throw new InputInvalidError('selection is an empty list');
    const keywords = definition.filter((item) => item === null || typeof item !== 'object');
    const maps = definition.filter((item) => item !== null && typeof item === 'object');
    const alternatives = maps.map((item) => compileMap(item as Record<string, unknown>, context));
    // A keyword in the list reads every text of the event: the list then needs nothing known.
    if (keywords.length > 0)
      alternatives.push({ match: compileDetectionItem(undefined, [], keywords, context), requirement: undefined });
    const requirement = anyOf(alternatives.map((alternative) => alternative.requirement));
    if (alternatives.length === 1) return alternatives[0] as CompiledDetection;
    const predicates = alternatives.map((alternative) => alternative.match);
    return { match: (view) => predicates.some((predicate) => predicate(view)), requirement };
  }
  if (typeof definition === 'object') return compileMap(definition as Record<string, unknown>, context);
  return { match: compileDetectionItem(undefined, [], [definition], context), requirement: undefined };
}

/** A map is all of its items. */
function compileMap(map: Record<string, unknown>, context: CompileContext): CompiledDetection {
  const items: EventPredicate[] = [];
  const requirements: RuleRequirement[] = [];
  // A list nested in a selection's list is read as a map of its indexes; it needs nothing known.
  const known = !Array.isArray(map);
  for (const [key, value] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
      throw new InputInvalidError(`field '${field}' has nested lists or maps as values`);
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      throw new InputInvalidError(`field '${field}' has a map as value`);
    }
    const values = Array.isArray(value) ? value : [value];
    const name = field === '' ? undefined : field;
    items.push(compileDetectionItem(name, modifiers, values, context));
    if (known) requirements.push(itemRequirement(name, modifiers, values));
  }
  const requirement = allOf(requirements);
  if (items.length === 0) return { match: () => true, requirement };
  if (items.length === 1) return { match: items[0] as EventPredicate, requirement };
  return {
    match: (view) => {
      for (const item of items) if (!item(view)) return false;
      return true;
    },
    requirement,
  };
}
