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
import { type Token, tokenizePattern } from './pattern-lexer.js';
import { PatternSyntaxError } from './pattern-syntax-error.js';

const orderOperators = new Set(['<', '>', '<=', '>=']);
const stringOperators = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

/**
 * Parses a STIX 2.1 pattern with a hand-written recursive-descent parser that follows
 * STIXPattern.g4: FOLLOWEDBY binds loosest, then OR, then AND; qualifiers (WITHIN,
 * REPEATS, START/STOP) apply to the observation expression just before them.
 * Throws PatternSyntaxError with the offset and what was expected.
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
    let expression = this.#observation();
    for (;;) {
      const token = this.#peek();
      if (this.#isKeyword('WITHIN')) {
        this.#index += 1;
        const amount = this.#take(['integer', 'float'], 'a positive number of seconds');
        const seconds = Number(amount.text);
        if (!(seconds > 0)) this.#failAt(amount, 'a positive number of seconds');
        this.#expectKeyword('SECONDS');
        expression = { kind: 'within', seconds, expression, position: token.position };
      } else if (this.#isKeyword('REPEATS')) {
        this.#index += 1;
        const amount = this.#take(['integer'], 'a positive integer');
        const times = Number(amount.text);
        if (!(times > 0)) this.#failAt(amount, 'a positive integer');
        this.#expectKeyword('TIMES');
        expression = { kind: 'repeats', times, expression, position: token.position };
      } else if (this.#isKeyword('START')) {
        this.#index += 1;
        const start = this.#take(['timestamp'], "a timestamp literal t'…'").text;
        this.#expectKeyword('STOP');
        const stop = this.#take(['timestamp'], "a timestamp literal t'…'").text;
        expression = { kind: 'start-stop', start, stop, expression, position: token.position };
      } else {
        return expression;
      }
    }
  }

  #observation(): ObservationExpression {
    const token = this.#peek();
    if (this.#isPunctuation('[')) {
      this.#index += 1;
      const comparison = this.#comparisonOr();
      this.#expectPunctuation(']');
      return { kind: 'observation', comparison, position: token.position };
    }
    if (this.#isPunctuation('(')) {
      this.#index += 1;
      const inner = this.parseObservationExpressions();
      this.#expectPunctuation(')');
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
      this.#index += 1;
      const inner = this.#comparisonOr();
      this.#expectPunctuation(')');
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
    const value = this.#operand(operator, operatorToken);
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
