import type { ObservableType } from '../../core/index.js';
import type { GuardedRegex } from '../../guard/index.js';
import { compileRegularExpression, likeToRegularExpression } from './evaluate-comparison.js';
import { addressTypeOfPath, observableTypeOfPath } from './observable-paths.js';
import type { ComparisonExpression, ObservationExpression, Pattern, PatternLiteral } from './pattern-ast.js';

/** Something an index can look up that any match of the pattern must hit. */
export type PatternAnchor =
  | { type: ObservableType; match: 'value'; value: string }
  | { type: ObservableType; match: 'network'; value: string }
  | { type: ObservableType; match: 'regex'; regex: GuardedRegex };

/** How a pattern goes into an index. */
export type CompiledPattern =
  /** One observation whose hits can be found through anchors; `exact` when an anchor hit is a match. */
  | { kind: 'anchored'; anchors: PatternAnchor[]; exact: boolean; observation: ObservationExpression }
  /** One observation with nothing to look up (only !=, <, EXISTS…): must be evaluated on every event. */
  | { kind: 'scan'; observation: ObservationExpression }
  /** Several observations or qualifiers: evaluated over windows of events by the correlation stage. */
  | { kind: 'multi-observation' };

/** Compiles a single-observation pattern into index anchors (values, networks, regexes). */
export function compilePattern(pattern: Pattern): CompiledPattern {
  const root = pattern.root;
  if (root.kind !== 'observation') return { kind: 'multi-observation' };
  const anchors = anchorsOf(root.comparison);
  if (!anchors || anchors.length === 0) return { kind: 'scan', observation: root };
  return { kind: 'anchored', anchors, exact: isExact(root.comparison), observation: root };
}

function anchorsOf(expression: ComparisonExpression): PatternAnchor[] | undefined {
  switch (expression.kind) {
    case 'exists':
      return undefined;
    case 'or': {
      const all: PatternAnchor[] = [];
      for (const operand of expression.operands) {
        const anchors = anchorsOf(operand);
        if (!anchors) return undefined;
        all.push(...anchors);
      }
      return all;
    }
    case 'and': {
      let best: PatternAnchor[] | undefined;
      for (const operand of expression.operands) {
        const anchors = anchorsOf(operand);
        if (anchors && (!best || cost(anchors) < cost(best))) best = anchors;
      }
      return best;
    }
    case 'comparison': {
      if (expression.negated) return undefined;
      const literals = Array.isArray(expression.value) ? expression.value : [expression.value];
      const anchors: PatternAnchor[] = [];
      for (const literal of literals) {
        const anchor = anchorOf(expression, literal);
        if (!anchor) return undefined;
        anchors.push(anchor);
      }
      return anchors;
    }
  }
}

function anchorOf(
  expression: Extract<ComparisonExpression, { kind: 'comparison' }>,
  literal: PatternLiteral,
): PatternAnchor | undefined {
  if (literal.kind !== 'string' && literal.kind !== 'hex') return undefined;
  const text = literal.value;
  const type = observableTypeOfPath(expression.path) ?? addressTypeOfPath(expression.path, text);
  if (!type) return undefined;
  const isAddress = type === 'ipv4-addr' || type === 'ipv6-addr';
  switch (expression.operator) {
    case '=':
    case 'IN':
      return isAddress && text.includes('/')
        ? { type, match: 'network', value: text }
        : { type, match: 'value', value: text };
    case 'ISSUBSET':
      return isAddress ? { type, match: 'network', value: text } : undefined;
    case 'MATCHES':
      return { type, match: 'regex', regex: compileRegularExpression(text) };
    case 'LIKE':
      return { type, match: 'regex', regex: likeToRegularExpression(text) };
    default:
      return undefined;
  }
}

/** Value anchors are cheapest, then networks, then regexes (scanned per observable). */
function cost(anchors: readonly PatternAnchor[]): number {
  return anchors.reduce(
    (total, anchor) => total + (anchor.match === 'regex' ? 1000 : anchor.match === 'network' ? 2 : 1),
    0,
  );
}

/** True when every path to a match is a single anchorable comparison (no AND to verify). */
function isExact(expression: ComparisonExpression): boolean {
  if (expression.kind === 'or') return expression.operands.every(isExact);
  return expression.kind === 'comparison' && !expression.negated;
}
