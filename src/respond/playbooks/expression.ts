/**
 * The playbook expression language: small, safe, no `eval`. Values are JSON; names read
 * own properties of the scope only (never prototypes); the only calls are the functions
 * below. Grammar (lowest precedence first):
 *   or: and ('||' and)* · and: not ('&&' not)* · not: '!' not | compare
 *   compare: sum (('=='|'!='|'<'|'<='|'>'|'>='|'in') sum)?
 *   sum: unary (('+') unary)* · unary: '-'? primary
 *   primary: literal | name ('.' name | '[' or ']')* | function '(' args ')' | '(' or ')'
 */
import { InputInvalidError } from '../../core/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node =
  | { kind: 'literal'; value: Json }
  | { kind: 'name'; name: string }
  | { kind: 'member'; object: Node; property: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; operator: '!' | '-'; operand: Node }
  | { kind: 'binary'; operator: string; left: Node; right: Node };

const tokenPattern =
  /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[<>!+\-.()[\],]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(text);
    if (!match)
      throw new InputInvalidError(`unexpected character at ${position} in expression: ${text}`, {
        location: { field: 'expression' },
      });
    tokens.push((match[1] ?? match[2] ?? match[3] ?? match[4])!);
    position = tokenPattern.lastIndex;
  }
  return tokens;
}

const functions: Record<string, (...args: Json[]) => Json> = {
  contains: (haystack, needle) =>
    Array.isArray(haystack)
      ? haystack.some((item) => equal(item, needle))
      : typeof haystack === 'string' && typeof needle === 'string' && haystack.includes(needle),
  startsWith: (text, prefix) => typeof text === 'string' && typeof prefix === 'string' && text.startsWith(prefix),
  endsWith: (text, suffix) => typeof text === 'string' && typeof suffix === 'string' && text.endsWith(suffix),
  lower: (text) => (typeof text === 'string' ? text.toLowerCase() : null),
  upper: (text) => (typeof text === 'string' ? text.toUpperCase() : null),
  length: (value) =>
    Array.isArray(value) || typeof value === 'string'
      ? value.length
      : value && typeof value === 'object'
        ? Object.keys(value).length
        : 0,
  join: (list, separator) =>
    Array.isArray(list) ? list.map(String).join(typeof separator === 'string' ? separator : ',') : null,
  default: (value, fallback) => value ?? fallback ?? null,
};

const equal = (left: Json | undefined, right: Json | undefined): boolean =>
  JSON.stringify(left ?? null) === JSON.stringify(right ?? null);

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: string[],
    private readonly text: string,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.index < this.tokens.length) this.fail(`unexpected '${this.tokens[this.index]}'`);
    return node;
  }

  private fail(message: string): never {
    throw new InputInvalidError(`${message} in expression: ${this.text}`, { location: { field: 'expression' } });
  }
  private peek = () => this.tokens[this.index];
  private take = () => this.tokens[this.index++];
  private expect(token: string) {
    if (this.take() !== token) this.fail(`expected '${token}'`);
  }

  private or(): Node {
    let left = this.and();
    while (this.peek() === '||') left = { kind: 'binary', operator: this.take()!, left, right: this.and() };
    return left;
  }
  private and(): Node {
    let left = this.not();
    while (this.peek() === '&&') left = { kind: 'binary', operator: this.take()!, left, right: this.not() };
    return left;
  }
  private not(): Node {
    if (this.peek() === '!') {
      this.take();
      return { kind: 'unary', operator: '!', operand: this.not() };
    }
    return this.compare();
  }
  private compare(): Node {
    const left = this.sum();
    const operator = this.peek();
    if (operator && ['==', '!=', '<', '<=', '>', '>=', 'in'].includes(operator)) {
      this.take();
      return { kind: 'binary', operator, left, right: this.sum() };
    }
    return left;
  }
  private sum(): Node {
    let left = this.unary();
    while (this.peek() === '+') left = { kind: 'binary', operator: this.take()!, left, right: this.unary() };
    return left;
  }
  private unary(): Node {
    if (this.peek() === '-') {
      this.take();
      return { kind: 'unary', operator: '-', operand: this.primary() };
    }
    return this.primary();
  }
  private primary(): Node {
    const token = this.take();
    if (token === undefined) return this.fail('unexpected end');
    let node: Node;
    if (token === '(') {
      node = this.or();
      this.expect(')');
    } else if (/^\d/.test(token)) node = { kind: 'literal', value: Number(token) };
    else if (token.startsWith("'") || token.startsWith('"'))
      node = { kind: 'literal', value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
    else if (token === 'true' || token === 'false') node = { kind: 'literal', value: token === 'true' };
    else if (token === 'null') node = { kind: 'literal', value: null };
    else if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() === '(') {
        if (!Object.hasOwn(functions, token)) this.fail(`unknown function ${token}`);
        this.take();
        const args: Node[] = [];
        while (this.peek() !== ')') {
          args.push(this.or());
          if (this.peek() === ',') this.take();
          else if (this.peek() !== ')') this.fail("expected ',' or ')'");
        }
        this.take();
        node = { kind: 'call', name: token, args };
      } else node = { kind: 'name', name: token };
    } else return this.fail(`unexpected '${token}'`);
    for (;;) {
      if (this.peek() === '.') {
        this.take();
        const name = this.take();
        if (!name || !/^[A-Za-z_]\w*$/.test(name)) this.fail('expected a property name after .');
        node = { kind: 'member', object: node, property: { kind: 'literal', value: name } };
      } else if (this.peek() === '[') {
        this.take();
        const property = this.or();
        this.expect(']');
        node = { kind: 'member', object: node, property };
      } else return node;
    }
  }
}

/** Reads an own property of a plain object or an array element; everything else is null. */
function member(object: Json | undefined, key: Json): Json {
  if (Array.isArray(object) && typeof key === 'number') return object[key] ?? null;
  if (
    object &&
    typeof object === 'object' &&
    !Array.isArray(object) &&
    typeof key === 'string' &&
    Object.hasOwn(object, key)
  ) {
    return object[key] ?? null;
  }
  return null;
}

const truthy = (value: Json): boolean =>
  !(value === null || value === false || value === 0 || value === '' || (Array.isArray(value) && value.length === 0));

function evaluateNode(node: Node, scope: Record<string, Json>): Json {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return Object.hasOwn(scope, node.name) ? (scope[node.name] ?? null) : null;
    case 'member':
      return member(evaluateNode(node.object, scope), evaluateNode(node.property, scope));
    case 'call':
      return functions[node.name]!(...node.args.map((argument) => evaluateNode(argument, scope)));
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      return node.operator === '!' ? !truthy(value) : typeof value === 'number' ? -value : null;
    }
    case 'binary': {
      if (node.operator === '&&')
        return truthy(evaluateNode(node.left, scope)) && truthy(evaluateNode(node.right, scope));
      if (node.operator === '||')
        return truthy(evaluateNode(node.left, scope)) || truthy(evaluateNode(node.right, scope));
      const left = evaluateNode(node.left, scope);
      const right = evaluateNode(node.right, scope);
      switch (node.operator) {
        case '==':
          return equal(left, right);
        case '!=':
          return !equal(left, right);
        case 'in':
          return functions.contains!(right, left);
        case '+':
          if (typeof left === 'number' && typeof right === 'number') return left + right;
          return `${left ?? ''}${right ?? ''}`;
        default: {
          const comparable =
            (typeof left === 'number' && typeof right === 'number') ||
            (typeof left === 'string' && typeof right === 'string');
          if (!comparable) return false;
          const [a, b] = [left, right] as [number | string, number | string];
          return node.operator === '<'
            ? a < b
            : node.operator === '<='
              ? a <= b
              : node.operator === '>'
                ? a > b
                : a >= b;
        }
      }
    }
  }
}

/** A parsed expression, checked once and evaluated many times. */
export interface Expression {
  source: string;
  /** The scope names the expression reads. */
  names: ReadonlySet<string>;
  evaluate(scope: Record<string, Json>): Json;
}

export function compileExpression(source: string): Expression {
  const tree = new Parser(tokenize(source), source).parse();
  return { source, names: rootNames(tree), evaluate: (scope) => evaluateNode(tree, scope) };
}

export const evaluateCondition = (source: string, scope: Record<string, Json>): boolean =>
  truthy(compileExpression(source).evaluate(scope));

const templatePattern = /\$\{\{(.*?)\}\}/g;

/** The names an expression reads from its scope (`steps` in `steps.block.output`). */
function rootNames(node: Node, names = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'name':
      names.add(node.name);
      break;
    case 'member':
      rootNames(node.object, names);
      rootNames(node.property, names);
      break;
    case 'call':
      for (const argument of node.args) rootNames(argument, names);
      break;
    case 'unary':
      rootNames(node.operand, names);
      break;
    case 'binary':
      rootNames(node.left, names);
      rootNames(node.right, names);
      break;
  }
  return names;
}

/**
 * One piece of a playbook string: a value (literal text of the playbook, or data an expression
 * already produced: inert either way) or an expression of the playbook still to be evaluated.
 */
export type TemplatePart = { value: unknown } | { expression: string };

/** A playbook string that needs the run's state, rendered into the step's parameters at `path`. */
export interface ParameterTemplate {
  path: (string | number)[];
  parts: TemplatePart[];
}

function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(templatePattern)) {
    if (match.index > last) parts.push({ value: text.slice(last, match.index) });
    parts.push({ expression: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ value: text.slice(last) });
  return parts;
}

/** Joins parts whose values are known: one part keeps its type, several make a string. */
function joinParts(values: Json[]): Json {
  if (values.length === 1) return values[0] ?? null;
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('');
}

function renderParts(parts: readonly TemplatePart[], scope: Record<string, Json>): Json {
  return joinParts(
    parts.map((part) =>
      'expression' in part ? compileExpression(part.expression).evaluate(scope) : (part.value as Json),
    ),
  );
}

/**
 * Renders the templates of a value written in the playbook file. Expressions whose names are all
 * in `scope` are evaluated now and their results enter as data, never parsed again; the others
 * (they read the run's state, such as `steps`) come back as `templates` for `applyTemplates`.
 */
export function expandTemplates(
  value: unknown,
  scope: Record<string, Json>,
): { value: Json; templates: ParameterTemplate[] } {
  const templates: ParameterTemplate[] = [];
  const known = new Set(Object.keys(scope));
  const walk = (item: unknown, path: (string | number)[]): Json => {
    if (typeof item === 'string') {
      const parts = templateParts(item).map((part): TemplatePart => {
        if (!('expression' in part)) return part;
        const expression = compileExpression(part.expression);
        return [...expression.names].every((name) => known.has(name)) ? { value: expression.evaluate(scope) } : part;
      });
      if (parts.some((part) => 'expression' in part)) {
        templates.push({ path, parts });
        return null;
      }
      return parts.length === 0 ? '' : joinParts(parts.map((part) => (part as { value: Json }).value));
    }
    if (Array.isArray(item)) return item.map((entry, index) => walk(entry, [...path, index]));
    if (item && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry, [...path, key])]));
    return (item ?? null) as Json;
  };
  return { value: walk(value, []), templates };
}

/** Renders a string of the playbook file in full (every name it reads must be in `scope`). */
export function renderTemplate(text: string, scope: Record<string, Json>): Json {
  return renderParts(templateParts(text), scope);
}

/** Renders the templates in every string of a value written in the playbook file. */
export function renderValue(value: unknown, scope: Record<string, Json>): Json {
  if (typeof value === 'string') return renderTemplate(value, scope);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, scope)]));
  }
  return (value ?? null) as Json;
}

/**
 * A step's parameters with its playbook templates rendered in the run's scope. The parameters
 * themselves are data (from the plan, the model, or a playbook already expanded) and are never
 * read as templates: a host name containing `${{ steps }}` stays that text.
 */
export function applyTemplates(
  parameters: Record<string, unknown>,
  templates: readonly ParameterTemplate[] | undefined,
  scope: Record<string, Json>,
): Record<string, unknown> {
  if (!templates || templates.length === 0) return parameters;
  const result = structuredClone(parameters) as Record<string, Json>;
  for (const { path, parts } of templates) {
    const rendered = renderParts(parts, scope);
    if (path.length === 0) continue;
    let holder: Json = result;
    for (const key of path.slice(0, -1)) {
      const next: Json | undefined = (holder as Record<string | number, Json>)[key];
      if (!next || typeof next !== 'object') break;
      holder = next;
    }
    if (holder && typeof holder === 'object') (holder as Record<string | number, Json>)[path.at(-1)!] = rendered;
  }
  return result;
}

/** Checks that every template in a value parses; returns the first error message. */
export function checkTemplates(value: unknown): string | undefined {
  if (typeof value === 'string') {
    for (const match of value.matchAll(templatePattern)) {
      try {
        compileExpression(match[1]!);
      } catch (error) {
        return (error as Error).message;
      }
    }
    return undefined;
  }
  if (Array.isArray(value)) return value.map(checkTemplates).find(Boolean);
  if (value && typeof value === 'object') return Object.values(value).map(checkTemplates).find(Boolean);
  return undefined;
}
