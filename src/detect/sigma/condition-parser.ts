/**
 * Parses a Sigma condition (`selection and not 1 of filter_*`) into a tree.
 * Precedence, lowest first: `or`, `and`, `not`; parentheses group. Keywords are case-insensitive.
 */
import { InputInvalidError, UnsupportedError } from '../../core/index.js';

export type ConditionNode =
  | { kind: 'and' | 'or'; operands: ConditionNode[] }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'identifier'; name: string }
  | { kind: 'quantified'; quantifier: 'one' | 'all'; pattern: string }
  /** `N of pattern` with N > 1: at least N of the matching selections hold. */
  | { kind: 'quantified'; quantifier: 'at-least'; count: number; pattern: string };

type Token = { kind: 'word'; text: string } | { kind: 'open' } | { kind: 'close' };

export function tokenizeCondition(condition: string): Token[] {
  if (condition.includes('|')) {
    throw new UnsupportedError(
      'legacy aggregation expressions (condition | count() ...) are not supported; use a correlation rule',
    );
  }
  const tokens: Token[] = [];
  for (const match of condition.matchAll(/\(|\)|[^\s()]+/g)) {
    const text = match[0];
    if (text === '(') tokens.push({ kind: 'open' });
    else if (text === ')') tokens.push({ kind: 'close' });
    else tokens.push({ kind: 'word', text });
  }
  return tokens;
}

export function parseCondition(condition: string): ConditionNode {
  const tokens = tokenizeCondition(condition);
  let position = 0;
  const peekWord = () => {
    const token = tokens[position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  };
  const fail = (message: string): never => {
    throw new InputInvalidError(`condition ${JSON.stringify(condition)}: ${message}`);
  };

  const parseOr = (): ConditionNode => {
    const operands = [parseAnd()];
    while (peekWord() === 'or') {
      position++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'or', operands };
  };
  const parseAnd = (): ConditionNode => {
    const operands = [parseNot()];
    while (peekWord() === 'and') {
      position++;
      operands.push(parseNot());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'and', operands };
  };
  const parseNot = (): ConditionNode => {
    if (peekWord() === 'not') {
      position++;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = tokens[position];
    if (token === undefined) return fail('ends too early');
    if (token.kind === 'open') {
      position++;
      const inner = parseOr();
      if (tokens[position]?.kind !== 'close') fail('missing closing parenthesis');
      position++;
      return inner;
    }
    if (token.kind === 'close') return fail('unexpected closing parenthesis');
    const word = token.text.toLowerCase();
    if (['and', 'or', 'of'].includes(word)) return fail(`unexpected '${token.text}'`);
    if ((word === '1' || word === 'all' || word === 'any') && tokens[position + 1]?.kind === 'word') {
      const next = tokens[position + 1] as { text: string };
      if (next.text.toLowerCase() === 'of') {
        const target = tokens[position + 2];
        if (target?.kind !== 'word') return fail(`'${token.text} of' needs a name or pattern`);
        position += 3;
        return { kind: 'quantified', quantifier: word === 'all' ? 'all' : 'one', pattern: target.text };
      }
    }
    if (/^\d+$/.test(word) && tokens[position + 1]?.kind === 'word') {
      const next = tokens[position + 1] as { text: string };
      if (next.text.toLowerCase() === 'of') {
        const target = tokens[position + 2];
        if (target?.kind !== 'word') return fail(`'${token.text} of' needs a name or pattern`);
        const count = Number(word);
        if (count === 0) return fail("'0 of' can never hold");
        position += 3;
        return { kind: 'quantified', quantifier: 'at-least', count, pattern: target.text };
      }
    }
    if (!/^[\w.\-*]+$/.test(token.text)) return fail(`invalid name '${token.text}'`);
    position++;
    return { kind: 'identifier', name: token.text };
  };

  const tree = parseOr();
  if (position !== tokens.length) fail(`unexpected '${JSON.stringify(tokens[position])}'`);
  return tree;
}
