/**
 * Compiles a rule's `detection` block: each named selection to a predicate, then the condition
 * over them. A list of conditions means any of them.
 */
import { InputInvalidError, UnsupportedError } from '../../core/index.js';
import { compileCondition } from './compile-condition.js';
import { parseCondition } from './condition-parser.js';
import { type CompileContext, compileDetectionItem, type EventPredicate } from './detection-item.js';

export function compileDetection(
  detection: Readonly<Record<string, unknown>>,
  context: CompileContext,
): EventPredicate {
  const selections = new Map<string, EventPredicate>();
  for (const [name, definition] of Object.entries(detection)) {
    if (name === 'condition') continue;
    if (name === 'timeframe')
      throw new UnsupportedError("'timeframe' (Sigma v1 aggregation) is not supported; use a correlation rule");
    try {
      selections.set(name, compileSelection(definition, context));
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
  const predicates = (conditions as string[]).map((item) => compileCondition(parseCondition(item), selections));
  if (predicates.length === 1) return predicates[0] as EventPredicate;
  return (view) => predicates.some((predicate) => predicate(view));
}

export function compileSelection(definition: unknown, context: CompileContext): EventPredicate {
  if (definition === null || definition === undefined) throw new InputInvalidError('selection is empty');
  if (Array.isArray(definition)) {
    if (definition.length === 0) throw new InputInvalidError('selection is an empty list');
    const keywords = definition.filter((item) => item === null || typeof item !== 'object');
    const maps = definition.filter((item) => item !== null && typeof item === 'object');
    const alternatives: EventPredicate[] = maps.map((item) => compileMap(item as Record<string, unknown>, context));
    if (keywords.length > 0) alternatives.push(compileDetectionItem(undefined, [], keywords, context));
    if (alternatives.length === 1) return alternatives[0] as EventPredicate;
    return (view) => alternatives.some((alternative) => alternative(view));
  }
  if (typeof definition === 'object') return compileMap(definition as Record<string, unknown>, context);
  return compileDetectionItem(undefined, [], [definition], context);
}

function compileMap(map: Record<string, unknown>, context: CompileContext): EventPredicate {
  const items: EventPredicate[] = [];
  for (const [key, value] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
      throw new InputInvalidError(`field '${field}' has nested lists or maps as values`);
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      throw new InputInvalidError(`field '${field}' has a map as value`);
    }
    const values = Array.isArray(value) ? value : [value];
    items.push(compileDetectionItem(field === '' ? undefined : field, modifiers, values, context));
  }
  if (items.length === 0) return () => true;
  if (items.length === 1) return items[0] as EventPredicate;
  return (view) => {
    for (const item of items) if (!item(view)) return false;
    return true;
  };
}
