import type { Event } from '../../core/index.js';
import { evaluateComparison } from './evaluate-comparison.js';
import { eventToObservedObjects, type ObservedObject } from './event-objects.js';
import { parsePattern } from './parse-pattern.js';
import type { ObservationExpression, Pattern } from './pattern-ast.js';

/** The result of evaluating a pattern over a window of events. */
export interface PatternEvaluation {
  matched: boolean;
  /** Each way the pattern matched: the events involved, in time order. At most `maximumBindings`. */
  bindings: Event[][];
}

export interface EvaluatePatternOptions {
  /** Cap on the combinations kept per sub-expression, so hostile patterns stay bounded. Default 1,000. */
  maximumBindings?: number;
}

interface Binding {
  /** Indexes into the time-sorted events; sorted, no duplicates. */
  events: number[];
  first: number;
  last: number;
}

/**
 * Evaluates a STIX pattern (any number of observations, AND/OR/FOLLOWEDBY,
 * WITHIN, REPEATS, START/STOP) over a window of events, each event being one
 * observation. Used by the correlation stage for multi-observation indicators.
 */
export function evaluatePattern(
  pattern: string | Pattern,
  events: readonly Event[],
  options: EvaluatePatternOptions = {},
): PatternEvaluation {
  const parsed = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  const sorted = [...events].sort((left, right) => Date.parse(left.timestamp) - Date.parse(right.timestamp));
  const context: Context = {
    events: sorted,
    times: sorted.map((event) => Date.parse(event.timestamp)),
    objects: new Map(),
    limit: options.maximumBindings ?? 1_000,
  };
  const bindings = evaluateObservation(parsed.root, context);
  return {
    matched: bindings.length > 0,
    bindings: bindings.map((binding) => binding.events.map((index) => sorted[index]!)),
  };
}

/** Whether one event on its own satisfies a single-observation expression's comparison. */
export function eventMatchesObservation(expression: ObservationExpression, event: Event): boolean {
  return evaluatePattern({ text: '', root: expression }, [event], { maximumBindings: 1 }).matched;
}

interface Context {
  events: readonly Event[];
  times: readonly number[];
  objects: Map<number, Map<string, ObservedObject[]>>;
  limit: number;
}

function evaluateObservation(expression: ObservationExpression, context: Context): Binding[] {
  switch (expression.kind) {
    case 'observation': {
      const result: Binding[] = [];
      for (let index = 0; index < context.events.length && result.length < context.limit; index += 1) {
        if (evaluateComparison(expression.comparison, objectsOf(context, index))) {
          result.push({ events: [index], first: context.times[index]!, last: context.times[index]! });
        }
      }
      return result;
    }
    case 'or':
      return expression.operands.flatMap((operand) => evaluateObservation(operand, context)).slice(0, context.limit);
    case 'and':
    case 'followedby': {
      let combined = evaluateObservation(expression.operands[0]!, context);
      for (const operand of expression.operands.slice(1)) {
        const right = evaluateObservation(operand, context);
        combined = combine(combined, right, context.limit, expression.kind === 'followedby');
      }
      return combined;
    }
    case 'within':
      return evaluateObservation(expression.expression, context).filter(
        (binding) => binding.last - binding.first <= expression.seconds * 1000,
      );
    case 'start-stop': {
      const start = Date.parse(expression.start);
      const stop = Date.parse(expression.stop);
      return evaluateObservation(expression.expression, context).filter(
        (binding) => binding.first >= start && binding.last < stop,
      );
    }
    case 'repeats': {
      const single = evaluateObservation(expression.expression, context);
      let combined = single;
      // Stops once no binding is left, so `REPEATS 1000000000 TIMES` costs what the events allow.
      for (let count = 1; count < expression.times && combined.length > 0; count += 1)
        combined = combine(combined, single, context.limit, false);
      return combined;
    }
  }
}

function objectsOf(context: Context, index: number): Map<string, ObservedObject[]> {
  let objects = context.objects.get(index);
  if (!objects) {
    objects = eventToObservedObjects(context.events[index]!);
    context.objects.set(index, objects);
  }
  return objects;
}

/** Pairs of bindings that use different events; for FOLLOWEDBY every left event comes before every right one. */
function combine(left: Binding[], right: Binding[], limit: number, ordered: boolean): Binding[] {
  const result: Binding[] = [];
  const seen = new Set<string>();
  for (const first of left) {
    for (const second of right) {
      if (ordered && first.events.at(-1)! >= second.events[0]!) continue;
      if (second.events.some((index) => first.events.includes(index))) continue;
      const events = [...first.events, ...second.events].sort((a, b) => a - b);
      const key = events.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ events, first: Math.min(first.first, second.first), last: Math.max(first.last, second.last) });
      if (result.length >= limit) return result;
    }
  }
  return result;
}
