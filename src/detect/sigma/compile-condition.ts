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
      return node.quantifier === 'all' ? allOf(matched) : anyOf(matched);
    }
  }
}

function selectionsMatching(pattern: string, selections: ReadonlyMap<string, EventPredicate>): EventPredicate[] {
  if (pattern === 'them')
    return [...selections].filter(([name]) => !name.startsWith('_')).map(([, predicate]) => predicate);
  const expression = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return [...selections].filter(([name]) => expression.test(name)).map(([, predicate]) => predicate);
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
