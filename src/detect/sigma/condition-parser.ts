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
  const parser = new ConditionParser(condition, tokenizeCondition(condition));
  const tree = parser.parseOr();
  parser.expectEnd();
  return tree;
}

/**
 * Recursive descent over the tokens, one method per precedence level. A class rather than
 * closures in parseCondition: under tsx (tests, the in-process benchmarks) esbuild names every
 * closure with a call at each parse, 1.5% of compiling the SigmaHQ rules cold.
 */
class ConditionParser {
  private position = 0;

  constructor(
    private readonly condition: string,
    private readonly tokens: readonly Token[],
  ) {}

  expectEnd(): void {
    if (this.position !== this.tokens.length) this.fail(`unexpected '${JSON.stringify(this.tokens[this.position])}'`);
  }

  parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.peekWord() === 'or') {
      this.position++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'or', operands };
  }

  private parseAnd(): ConditionNode {
    const operands = [this.parseNot()];
    while (this.peekWord() === 'and') {
      this.position++;
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'and', operands };
  }

  private parseNot(): ConditionNode {
    if (this.peekWord() === 'not') {
      this.position++;
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    const tokens = this.tokens;
    const position = this.position;
    const token = tokens[position];
    if (token === undefined) return this.fail('ends too early');
    if (token.kind === 'open') {
      this.position++;
      const inner = this.parseOr();
      if (tokens[this.position]?.kind !== 'close') this.fail('missing closing parenthesis');
      this.position++;
      return inner;
    }
    if (token.kind === 'close') return this.fail('unexpected closing parenthesis');
    const word = token.text.toLowerCase();
    if (['and', 'or', 'of'].includes(word)) return this.fail(`unexpected '${token.text}'`);
    if ((word === '1' || word === 'all' || word === 'any') && tokens[position + 1]?.kind === 'word') {
      const next = tokens[position + 1] as { text: string };
      if (next.text.toLowerCase() === 'of') {
        const target = tokens[position + 2];
        if (target?.kind !== 'word') return this.fail(`'${token.text} of' needs a name or pattern`);
        this.position += 3;
        return { kind: 'quantified', quantifier: word === 'all' ? 'all' : 'one', pattern: target.text };
      }
    }
    if (/^\d+$/.test(word) && tokens[position + 1]?.kind === 'word') {
      const next = tokens[position + 1] as { text: string };
      if (next.text.toLowerCase() === 'of') {
        const target = tokens[position + 2];
        if (target?.kind !== 'word') return this.fail(`'${token.text} of' needs a name or pattern`);
        const count = Number(word);
        if (count === 0) return this.fail("'0 of' can never hold");
        this.position += 3;
        return { kind: 'quantified', quantifier: 'at-least', count, pattern: target.text };
      }
    }
    if (!/^[\w.\-*]+$/.test(token.text)) return this.fail(`invalid name '${token.text}'`);
    this.position++;
    return { kind: 'identifier', name: token.text };
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  }

  private fail(message: string): never {
    throw new InputInvalidError(`condition ${JSON.stringify(this.condition)}: ${message}`);
  }
}
