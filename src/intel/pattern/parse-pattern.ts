import { compileRegularExpression } from './evaluate-comparison.js';
import type {
  ComparisonExpression,
  ComparisonOperator,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  PatternLiteral,
} from './pattern-ast.js';
import { hashValueProblem } from './pattern-hashes.js';
import { type Token, tokenizePattern } from './pattern-lexer.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

const orderOperators = new Set(['<', '>', '<=', '>=']);

/**
 * Deepest nesting of parentheses and brackets accepted. Real patterns nest a few levels; a
 * hostile one nested thousands deep would otherwise exhaust the stack.
 */
export const maxPatternDepth = 100;
const stringOperators = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

/**
 * Parses a STIX 2.1 pattern with a hand-written recursive-descent parser that follows
 * STIXPattern.g4: FOLLOWEDBY binds loosest, then OR, then AND; qualifiers (WITHIN,
 * REPEATS, START/STOP) apply to the observation expression just before them.
 * Qualifiers follow the OASIS validator: a qualifier type may appear once directly on a
 * bracketed observation (`[…] WITHIN 5 SECONDS WITHIN 6 SECONDS` is refused, a parenthesised
 * group is not checked), and `WITHIN 0 SECONDS` / `REPEATS 0 TIMES` fit the grammar.
 * Throws PatternSyntaxError with the offset and what was expected, also for nesting deeper
 * than `maxPatternDepth`.
 */
export function parsePattern(text: string): Pattern {
  const parser = new PatternParser(text, tokenizePattern(text));
  const root = parser.parseObservationExpressions();
  parser.expectEnd();
  return { text, root };
}

class PatternParser {
  readonly #text: string;
  readonly #tokens: Token[];
  #index = 0;
  #depth = 0;

  constructor(text: string, tokens: Token[]) {
    this.#text = text;
    this.#tokens = tokens;
  }

  parseObservationExpressions(): ObservationExpression {
    return this.#binary(['FOLLOWEDBY', 'OR', 'AND'], 0);
  }

  expectEnd(): void {
    const token = this.#peek();
    if (token.kind !== 'end') this.#fail('an observation operator (AND, OR, FOLLOWEDBY), a qualifier or the end');
  }

  #binary(levels: readonly ('FOLLOWEDBY' | 'OR' | 'AND')[], level: number): ObservationExpression {
    const keyword = levels[level];
    if (keyword === undefined) return this.#qualifiedObservation();
    const position = this.#peek().position;
    const operands = [this.#binary(levels, level + 1)];
    while (this.#isKeyword(keyword)) {
      this.#index += 1;
      operands.push(this.#binary(levels, level + 1));
    }
    if (operands.length === 1) return operands[0]!;
    const kind = keyword === 'FOLLOWEDBY' ? 'followedby' : keyword === 'OR' ? 'or' : 'and';
    return { kind, operands, position };
  }

  #qualifiedObservation(): ObservationExpression {
    const bracketed = this.#isPunctuation('[');
    let expression = this.#observation();
    const seen = new Set<string>();
    for (;;) {
      const token = this.#peek();
      const type = ['WITHIN', 'REPEATS', 'START'].find((keyword) => this.#isKeyword(keyword));
      if (type === undefined) return expression;
      if (bracketed && seen.has(type)) {
        this.#failAt(token, `at most one ${type === 'START' ? 'START/STOP' : type} qualifier on an observation`);
      }
      seen.add(type);
      this.#index += 1;
      if (type === 'WITHIN') {
        const amount = this.#take(['integer', 'float'], 'a non-negative number of seconds');
        const seconds = Number(amount.text);
        if (!(seconds >= 0) || amount.text.startsWith('-')) this.#failAt(amount, 'a non-negative number of seconds');
        this.#expectKeyword('SECONDS');
        expression = { kind: 'within', seconds, expression, position: token.position };
      } else if (type === 'REPEATS') {
        const amount = this.#take(['integer'], 'a non-negative integer');
        const times = Number(amount.text);
        if (!(times >= 0) || amount.text.startsWith('-')) this.#failAt(amount, 'a non-negative integer');
        this.#expectKeyword('TIMES');
        expression = { kind: 'repeats', times, expression, position: token.position };
      } else {
        const start = this.#take(['timestamp'], "a timestamp literal t'…'").text;
        this.#expectKeyword('STOP');
        const stop = this.#take(['timestamp'], "a timestamp literal t'…'").text;
        expression = { kind: 'start-stop', start, stop, expression, position: token.position };
      }
    }
  }

  #enter(): void {
    this.#depth += 1;
    if (this.#depth > maxPatternDepth) this.#fail(`at most ${maxPatternDepth} nested parentheses or brackets`);
  }

  #observation(): ObservationExpression {
    const token = this.#peek();
    if (this.#isPunctuation('[')) {
      this.#enter();
      this.#index += 1;
      const comparison = this.#comparisonOr();
      this.#expectPunctuation(']');
      this.#depth -= 1;
      return { kind: 'observation', comparison, position: token.position };
    }
    if (this.#isPunctuation('(')) {
      this.#enter();
      this.#index += 1;
      const inner = this.parseObservationExpressions();
      this.#expectPunctuation(')');
      this.#depth -= 1;
      return inner;
    }
    return this.#fail("'[' or '(' starting an observation expression");
  }

  #comparisonOr(): ComparisonExpression {
    const position = this.#peek().position;
    const operands = [this.#comparisonAnd()];
    while (this.#isKeyword('OR')) {
      this.#index += 1;
      operands.push(this.#comparisonAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands, position };
  }

  #comparisonAnd(): ComparisonExpression {
    const position = this.#peek().position;
    const operands = [this.#propertyTest()];
    while (this.#isKeyword('AND')) {
      this.#index += 1;
      operands.push(this.#propertyTest());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands, position };
  }

  #propertyTest(): ComparisonExpression {
    const token = this.#peek();
    if (this.#isPunctuation('(')) {
      this.#enter();
      this.#index += 1;
      const inner = this.#comparisonOr();
      this.#expectPunctuation(')');
      this.#depth -= 1;
      return inner;
    }
    if (this.#isKeyword('EXISTS')) {
      this.#index += 1;
      return { kind: 'exists', path: this.#objectPath(), position: token.position };
    }
    const path = this.#objectPath();
    let negated = false;
    if (this.#isKeyword('NOT')) {
      negated = true;
      this.#index += 1;
    }
    const operatorToken = this.#peek();
    const operator = this.#operator();
    const first = this.#index;
    const value = this.#operand(operator, operatorToken);
    const written = this.#tokens
      .slice(first, this.#index)
      .map((item) => item.raw)
      .join('');
    const hashProblem = hashValueProblem(path.steps, written);
    if (hashProblem) this.#failAt(this.#tokens[first]!, hashProblem);
    return { kind: 'comparison', path, operator, negated, value, position: token.position };
  }

  #operator(): ComparisonOperator {
    const token = this.#peek();
    if (token.kind === 'operator') {
      this.#index += 1;
      return token.text as ComparisonOperator;
    }
    if (token.kind === 'keyword' && (token.text === 'IN' || stringOperators.has(token.text))) {
      this.#index += 1;
      return token.text as ComparisonOperator;
    }
    return this.#fail('a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)');
  }

  #operand(operator: ComparisonOperator, operatorToken: Token): PatternLiteral | PatternLiteral[] {
    if (operator === 'IN') return this.#setLiteral();
    if (stringOperators.has(operator)) {
      const token = this.#take(['string'], `a string literal after ${operator}`);
      if (operator === 'MATCHES') this.#checkRegularExpression(token);
      return { kind: 'string', value: token.text };
    }
    const literal = this.#primitiveLiteral();
    if (orderOperators.has(operator) && literal.kind === 'boolean') {
      this.#failAt(operatorToken, 'an orderable literal (booleans cannot be ordered)');
    }
    return literal;
  }

  #checkRegularExpression(token: Token): void {
    try {
      compileRegularExpression(token.text);
    } catch (error) {
      this.#failAt(token, `a regular expression Vigil can run in linear time (${(error as Error).message})`);
    }
  }

  #setLiteral(): PatternLiteral[] {
    this.#expectPunctuation('(');
    const values: PatternLiteral[] = [];
    if (this.#isPunctuation(')')) {
      this.#index += 1;
      return values;
    }
    values.push(this.#primitiveLiteral());
    while (this.#isPunctuation(',')) {
      this.#index += 1;
      values.push(this.#primitiveLiteral());
    }
    this.#expectPunctuation(')');
    return values;
  }

  #primitiveLiteral(): PatternLiteral {
    const token = this.#peek();
    switch (token.kind) {
      case 'string':
      case 'hex':
      case 'binary':
      case 'timestamp':
        this.#index += 1;
        return { kind: token.kind, value: token.text };
      case 'integer':
        this.#index += 1;
        return { kind: 'integer', value: Number(token.text) };
      case 'float':
        this.#index += 1;
        return { kind: 'float', value: Number(token.text) };
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') {
          this.#index += 1;
          return { kind: 'boolean', value: token.text === 'true' };
        }
        break;
      default:
        break;
    }
    return this.#fail('a literal (string, number, boolean, hex, binary or timestamp)');
  }

  #objectPath(): ObjectPath {
    const typeToken = this.#take(['identifier'], 'an object type such as ipv4-addr');
    this.#expectPunctuation(':');
    const steps: PathStep[] = [{ kind: 'property', name: this.#propertyName() }];
    for (;;) {
      if (this.#isPunctuation('.')) {
        this.#index += 1;
        steps.push({ kind: 'property', name: this.#propertyName() });
      } else if (this.#isPunctuation('[')) {
        this.#index += 1;
        if (this.#isPunctuation('*')) {
          this.#index += 1;
          steps.push({ kind: 'index', index: '*' });
        } else {
          const indexToken = this.#take(['integer'], "a list index or '*'");
          steps.push({ kind: 'index', index: Number(indexToken.text) });
        }
        this.#expectPunctuation(']');
      } else {
        break;
      }
    }
    return { objectType: typeToken.text, steps, text: pathText(typeToken.text, steps), position: typeToken.position };
  }

  #propertyName(): string {
    const token = this.#peek();
    if (token.kind === 'string') {
      this.#index += 1;
      return token.text;
    }
    if (token.kind === 'identifier' || token.kind === 'keyword') {
      if (token.text.includes('-')) this.#failAt(token, 'a property name (quote names that contain hyphens)');
      this.#index += 1;
      return token.text;
    }
    return this.#fail('a property name');
  }

  #peek(): Token {
    return this.#tokens[this.#index]!;
  }

  #isKeyword(text: string): boolean {
    const token = this.#peek();
    return token.kind === 'keyword' && token.text === text;
  }

  #isPunctuation(text: string): boolean {
    const token = this.#peek();
    return token.kind === 'punctuation' && token.text === text;
  }

  #expectKeyword(text: string): void {
    if (!this.#isKeyword(text)) this.#fail(text);
    this.#index += 1;
  }

  #expectPunctuation(text: string): void {
    if (!this.#isPunctuation(text)) this.#fail(`'${text}'`);
    this.#index += 1;
  }

  #take(kinds: readonly Token['kind'][], expected: string): Token {
    const token = this.#peek();
    if (!kinds.includes(token.kind)) this.#fail(expected);
    this.#index += 1;
    return token;
  }

  #fail(expected: string): never {
    return this.#failAt(this.#peek(), expected);
  }

  #failAt(token: Token, expected: string): never {
    const found = token.kind === 'end' ? 'end of pattern' : JSON.stringify(token.text);
    throw new PatternSyntaxError(this.#text, token.position, expected, found);
  }
}

/** Canonical text of an object path: identifiers bare, other names quoted. */
export function pathText(objectType: string, steps: readonly PathStep[]): string {
  let text = `${objectType}:`;
  steps.forEach((step, position) => {
    if (step.kind === 'index') {
      text += `[${step.index}]`;
      return;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(step.name) ? step.name : `'${step.name.replace(/['\\]/g, '\\$&')}'`;
    text += position === 0 ? name : `.${name}`;
  });
  return text;
}
