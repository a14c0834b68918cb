import { PatternSyntaxError } from './pattern-syntax-error.js';

/** Token kinds of the STIX patterning grammar (STIXPattern.g4). */
export type TokenKind =
  | 'punctuation'
  | 'operator'
  | 'keyword'
  | 'identifier'
  | 'string'
  | 'integer'
  | 'float'
  | 'hex'
  | 'binary'
  | 'timestamp'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** For punctuation, operators, keywords and identifiers: the text; for literals: the decoded value. */
  text: string;
  /** The characters of the token as written (quotes, prefixes and escapes included). */
  raw: string;
  position: number;
}

const keywords = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
  'true',
  'false',
]);

/** Two-character operators and the operator each stands for (`<>` and `!=` are both "not equal"). */
const twoCharacterOperators: Readonly<Record<string, string>> = {
  '!=': '!=',
  '<>': '!=',
  '<=': '<=',
  '>=': '>=',
  '==': '=',
};

const timestampShape = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const hexShape = /^(?:[0-9A-Fa-f]{2})*$/;

/** Splits a pattern into tokens; throws PatternSyntaxError at the first character that fits no token. */
export function tokenizePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const character = pattern[index]!;
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    const start = index;
    // `.5` is a float (as the grammar's longest match lexes it), a lone `.` a path separator.
    if ('[]():.,*'.includes(character) && !(character === '.' && /\d/.test(pattern[index + 1] ?? ''))) {
      tokens.push({ kind: 'punctuation', text: character, raw: character, position: start });
      index += 1;
      continue;
    }
    const twoCharacters = pattern.slice(index, index + 2);
    if (Object.hasOwn(twoCharacterOperators, twoCharacters)) {
      tokens.push({
        kind: 'operator',
        text: twoCharacterOperators[twoCharacters]!,
        raw: twoCharacters,
        position: start,
      });
      index += 2;
      continue;
    }
    if (character === '=' || character === '<' || character === '>') {
      tokens.push({ kind: 'operator', text: character, raw: character, position: start });
      index += 1;
      continue;
    }
    if (character === "'") {
      const { value, end } = readQuoted(pattern, index);
      tokens.push({ kind: 'string', text: value, raw: pattern.slice(start, end), position: start });
      index = end;
      continue;
    }
    if ((character === 't' || character === 'h' || character === 'b') && pattern[index + 1] === "'") {
      const { value, end } = readQuoted(pattern, index + 1);
      tokens.push({ ...prefixedLiteral(pattern, character, value, start), raw: pattern.slice(start, end) });
      index = end;
      continue;
    }
    const number = /^[+-]?(?:\d*\.\d+|\d+)/.exec(pattern.slice(index));
    if (number && (character !== '+' && character !== '-' ? true : /[\d.]/.test(pattern[index + 1] ?? ''))) {
      const text = number[0];
      const isFloat = text.includes('.');
      const digits = text.replace(/^[+-]/, '');
      if (!isFloat && digits.length > 1 && digits.startsWith('0')) {
        throw new PatternSyntaxError(pattern, start, 'an integer without leading zeros', JSON.stringify(text));
      }
      tokens.push({ kind: isFloat ? 'float' : 'integer', text, raw: text, position: start });
      index += text.length;
      continue;
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(pattern.slice(index));
    if (identifier) {
      const text = identifier[0];
      tokens.push({ kind: keywords.has(text) ? 'keyword' : 'identifier', text, raw: text, position: start });
      index += text.length;
      continue;
    }
    throw new PatternSyntaxError(pattern, start, 'a token', JSON.stringify(character));
  }
  tokens.push({ kind: 'end', text: '', raw: '', position: pattern.length });
  return tokens;
}

/** Reads `'...'` starting at the quote; only `\'` and `\\` are escapes. */
function readQuoted(pattern: string, quoteIndex: number): { value: string; end: number } {
  let value = '';
  let index = quoteIndex + 1;
  while (index < pattern.length) {
    const character = pattern[index]!;
    if (character === '\\') {
      const next = pattern[index + 1];
      if (next !== "'" && next !== '\\') {
        throw new PatternSyntaxError(pattern, index, "an escape \\' or \\\\", JSON.stringify(`\\${next ?? ''}`));
      }
      value += next;
      index += 2;
      continue;
    }
    if (character === "'") return { value, end: index + 1 };
    value += character;
    index += 1;
  }
  throw new PatternSyntaxError(pattern, quoteIndex, 'a closing quote', 'end of pattern');
}

function prefixedLiteral(pattern: string, prefix: string, value: string, position: number): Omit<Token, 'raw'> {
  if (prefix === 't') {
    if (!timestampShape.test(value)) {
      throw new PatternSyntaxError(pattern, position, 'a timestamp YYYY-MM-DDThh:mm:ss[.s+]Z', JSON.stringify(value));
    }
    return { kind: 'timestamp', text: value, position };
  }
  if (prefix === 'h') {
    if (!hexShape.test(value)) throw new PatternSyntaxError(pattern, position, 'pairs of hex digits', value);
    return { kind: 'hex', text: value.toLowerCase(), position };
  }
  if (!base64Shape.test(value)) throw new PatternSyntaxError(pattern, position, 'base64 text', JSON.stringify(value));
  return { kind: 'binary', text: value, position };
}
