import ipaddr from 'ipaddr.js';
import { compileGuardedRegex, escapeRegexText, type GuardedRegex } from '../../guard/index.js';
import type { ObservedObject } from './event-objects.js';
import type { ComparisonExpression, ObjectPath, PatternLiteral } from './pattern-ast.js';

/** Which objects, per object type, satisfy a comparison expression; undefined when it is false. */
export type ObjectBindings = Map<string, Set<number>>;

/**
 * Evaluates a comparison expression against the objects of one observation. Tests
 * joined by AND on the same object type must hold for the same object (the
 * binding sets are intersected), as in the STIX reference matcher.
 */
export function evaluateComparison(
  expression: ComparisonExpression,
  objects: Map<string, ObservedObject[]>,
): ObjectBindings | undefined {
  switch (expression.kind) {
    case 'comparison':
    case 'exists': {
      const candidates = objects.get(expression.path.objectType) ?? [];
      const matched = new Set<number>();
      candidates.forEach((object, index) => {
        const values = resolvePath(object, expression.path);
        if (expression.kind === 'exists' ? values.length > 0 : testValues(expression, values)) matched.add(index);
      });
      return matched.size > 0 ? new Map([[expression.path.objectType, matched]]) : undefined;
    }
    case 'and': {
      let combined: ObjectBindings = new Map();
      for (const operand of expression.operands) {
        const bindings = evaluateComparison(operand, objects);
        if (!bindings) return undefined;
        const next = intersect(combined, bindings);
        if (!next) return undefined;
        combined = next;
      }
      return combined;
    }
    case 'or': {
      let combined: ObjectBindings | undefined;
      for (const operand of expression.operands) {
        const bindings = evaluateComparison(operand, objects);
        if (bindings) combined = combined ? union(combined, bindings) : bindings;
      }
      return combined;
    }
  }
}

/** Values an object path reaches in one object; `[*]` fans out over every list element. */
export function resolvePath(object: ObservedObject, path: ObjectPath): unknown[] {
  let current: unknown[] = [object];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'property') {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const property = (value as Record<string, unknown>)[step.name];
          if (property !== undefined && property !== null) next.push(property);
        }
      } else if (Array.isArray(value)) {
        if (step.index === '*') next.push(...value);
        else {
          const element = value.at(step.index);
          if (element !== undefined) next.push(element);
        }
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) && path.steps.at(-1)?.kind === 'property' ? value : [value]));
}

function testValues(
  expression: Extract<ComparisonExpression, { kind: 'comparison' }>,
  values: readonly unknown[],
): boolean {
  if (values.length === 0) return false;
  const positive = values.some((value) => testValue(expression, value));
  return expression.negated ? !positive : positive;
}

function testValue(expression: Extract<ComparisonExpression, { kind: 'comparison' }>, value: unknown): boolean {
  const { operator, path } = expression;
  const literal = expression.value;
  const caseInsensitive = isCaseInsensitivePath(path);
  if (operator === 'IN') {
    return (literal as PatternLiteral[]).some((item) => compare(value, item, caseInsensitive) === 0);
  }
  const single = literal as PatternLiteral;
  switch (operator) {
    case '=':
      return equalsWithNetworks(value, single, caseInsensitive, path);
    case '!=':
      return !equalsWithNetworks(value, single, caseInsensitive, path);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const order = compare(value, single, caseInsensitive);
      if (order === undefined) return false;
      return operator === '<' ? order < 0 : operator === '>' ? order > 0 : operator === '<=' ? order <= 0 : order >= 0;
    }
    case 'LIKE':
      return typeof value === 'string' && likeToRegularExpression(String(single.value)).test(value);
    case 'MATCHES':
      return typeof value === 'string' && compileRegularExpression(String(single.value)).test(value);
    case 'ISSUBSET':
      return typeof value === 'string' && networkContains(String(single.value), value);
    case 'ISSUPERSET':
      return typeof value === 'string' && networkContains(value, String(single.value));
  }
}

function equalsWithNetworks(
  value: unknown,
  literal: PatternLiteral,
  caseInsensitive: boolean,
  path: ObjectPath,
): boolean {
  if (
    (path.objectType === 'ipv4-addr' || path.objectType === 'ipv6-addr') &&
    literal.kind === 'string' &&
    literal.value.includes('/') &&
    typeof value === 'string'
  ) {
    return networkContains(literal.value, value);
  }
  return compare(value, literal, caseInsensitive) === 0;
}

function isCaseInsensitivePath(path: ObjectPath): boolean {
  return (
    path.steps.some((step) => step.kind === 'property' && step.name === 'hashes') || path.objectType === 'domain-name'
  );
}

/** Orders an observed value against a literal; undefined when they cannot be compared. */
function compare(value: unknown, literal: PatternLiteral, caseInsensitive: boolean): number | undefined {
  switch (literal.kind) {
    case 'integer':
    case 'float': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isNaN(number) ? undefined : Math.sign(number - literal.value);
    }
    case 'boolean':
      return typeof value === 'boolean' && value === literal.value ? 0 : undefined;
    case 'timestamp': {
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) ? undefined : Math.sign(time - Date.parse(literal.value));
    }
    case 'hex':
      return typeof value === 'string' ? compareStrings(value.toLowerCase(), literal.value) : undefined;
    case 'binary':
      return typeof value === 'string' ? compareStrings(value, literal.value) : undefined;
    case 'string': {
      if (typeof value === 'number') return Math.sign(value - Number(literal.value));
      if (typeof value !== 'string') return undefined;
      if (caseInsensitive) return compareStrings(value.toLowerCase(), literal.value.toLowerCase());
      return compareStrings(value, literal.value);
    }
  }
}

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

const regularExpressionCache = new Map<string, GuardedRegex>();

/**
 * Compiles a MATCHES operand (PCRE as in the spec) through the guarded-regex facility (linear
 * time); searches anywhere in the value. Throws RegexRefusedError for patterns it will not run.
 */
export function compileRegularExpression(source: string): GuardedRegex {
  let compiled = regularExpressionCache.get(source);
  if (!compiled) {
    compiled = compileGuardedRegex(source);
    if (regularExpressionCache.size > 10_000) regularExpressionCache.clear();
    regularExpressionCache.set(source, compiled);
  }
  return compiled;
}

/** SQL LIKE: `%` any run, `_` one character, the rest literal; matches the whole value. */
export function likeToRegularExpression(pattern: string): GuardedRegex {
  const body = [...pattern]
    .map((character) => (character === '%' ? '.*' : character === '_' ? '(?s:.)' : escapeRegexText(character)))
    .join('');
  return compileRegularExpression(`^${body}$`);
}

/** True when address or network `inner` lies inside network `outer` (CIDR or single address). */
export function networkContains(outer: string, inner: string): boolean {
  try {
    const [outerAddress, outerBits] = parseNetwork(outer);
    const [innerAddress, innerBits] = parseNetwork(inner);
    if (outerAddress.kind() !== innerAddress.kind() || innerBits < outerBits) return false;
    return innerAddress.match(outerAddress, outerBits);
  } catch {
    return false;
  }
}

function parseNetwork(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (text.includes('/')) {
    return ipaddr.parseCIDR(text);
  }
  const address = ipaddr.process(text);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

function intersect(left: ObjectBindings, right: ObjectBindings): ObjectBindings | undefined {
  const result: ObjectBindings = new Map(left);
  for (const [type, indexes] of right) {
    const existing = result.get(type);
    if (!existing) {
      result.set(type, indexes);
      continue;
    }
    const common = new Set([...existing].filter((index) => indexes.has(index)));
    if (common.size === 0) return undefined;
    result.set(type, common);
  }
  return result;
}

function union(left: ObjectBindings, right: ObjectBindings): ObjectBindings {
  const result: ObjectBindings = new Map(left);
  for (const [type, indexes] of right) result.set(type, new Set([...(result.get(type) ?? []), ...indexes]));
  return result;
}
