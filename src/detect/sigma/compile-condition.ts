/**
 * Turns a condition tree and the rule's compiled selections into one predicate.
 * `them` means every selection whose name does not start with an underscore.
 */
import { InputInvalidError } from '../../core/index.js';
import type { ConditionNode } from './condition-parser.js';
import type { EventPredicate } from './detection-item.js';

export function compileCondition(node: ConditionNode, selections: ReadonlyMap<string, EventPredicate>): EventPredicate {
  switch (node.kind) {
    case 'identifier': {
      const selection = selections.get(node.name);
      if (selection === undefined)
        throw new InputInvalidError(`condition names '${node.name}', which is not a selection`);
      return selection;
    }
    case 'not': {
      const operand = compileCondition(node.operand, selections);
      return (view) => !operand(view);
    }
    case 'and':
    case 'or': {
      const operands = node.operands.map((operand) => compileCondition(operand, selections));
      return node.kind === 'and' ? allOf(operands) : anyOf(operands);
    }
    case 'quantified': {
      const matched = selectionsMatching(node.pattern, selections);
      if (matched.length === 0) throw new InputInvalidError(`'${node.pattern}' matches no selection`);
      if (node.quantifier === 'at-least') return atLeast(node.count, matched, node.pattern);
      return node.quantifier === 'all' ? allOf(matched) : anyOf(matched);
    }
  }
}

function selectionsMatching(pattern: string, selections: ReadonlyMap<string, EventPredicate>): EventPredicate[] {
  if (pattern === 'them')
    return [...selections].filter(([name]) => !name.startsWith('_')).map(([, predicate]) => predicate);
  const matches = wildcardMatcher(pattern);
  return [...selections].filter(([name]) => matches(name)).map(([, predicate]) => predicate);
}

/**
 * A selection-name pattern (`selection_*`, `*_img*`), where `*` is any run of characters, as a
 * test of the whole name: the first and last parts anchor it, the middle ones are found in order,
 * each at its leftmost place (which is enough for `*`). No regex: linear in the name, and cheap to
 * build for the thousands of rules whose condition is `1 of selection_*`.
 */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return (name) => name === pattern;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  return (name) => {
    if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
    const end = name.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = name.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

function allOf(operands: readonly EventPredicate[]): EventPredicate {
  if (operands.length === 1) return operands[0] as EventPredicate;
  if (operands.length === 2) {
    const [first, second] = operands as [EventPredicate, EventPredicate];
    return (view) => first(view) && second(view);
  }
  return (view) => {
    for (const operand of operands) if (!operand(view)) return false;
    return true;
  };
}

function anyOf(operands: readonly EventPredicate[]): EventPredicate {
  if (operands.length === 1) return operands[0] as EventPredicate;
  if (operands.length === 2) {
    const [first, second] = operands as [EventPredicate, EventPredicate];
    return (view) => first(view) || second(view);
  }
  return (view) => {
    for (const operand of operands) if (operand(view)) return true;
    return false;
  };
}

function atLeast(count: number, operands: readonly EventPredicate[], pattern: string): EventPredicate {
  if (count > operands.length)
    throw new InputInvalidError(
      `impossible condition: '${count} of ${pattern}' but only ${operands.length} selection(s) match the pattern`,
    );
  if (count === 1) return anyOf(operands);
  if (count === operands.length) return allOf(operands);
  return (view) => {
    let holding = 0;
    for (let index = 0; index < operands.length; index++) {
      if ((operands[index] as EventPredicate)(view)) holding++;
      if (holding >= count) return true;
      if (holding + operands.length - index - 1 < count) return false;
    }
    return false;
  };
}
