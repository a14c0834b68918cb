/**
 * A fast reader for the plain YAML that Sigma rule files are written in: block mappings and
 * sequences indented with spaces, plain, single- and double-quoted one-line scalars, literal
 * block scalars (`|`, `|-`), one-line flow sequences of scalars, `{}`, comments and `---`
 * document separators. It is about four times faster than js-yaml on the SigmaHQ corpus, where
 * parsing was most of compiling the rules cold.
 *
 * It never guesses: anything outside that subset (anchors, aliases, tags, tabs, folded or
 * multi-line scalars, flow mappings, duplicate or non-string keys, control characters, deep
 * nesting) makes it return undefined, and the caller reads the file with js-yaml, which also
 * gives the error of a broken file. Where it returns documents they are the ones js-yaml gives
 * (src/detect/plain-rule-yaml.test.ts checks the whole SigmaHQ corpus and generated documents);
 * plain scalars that may be numbers, booleans or null are resolved by js-yaml itself.
 */
import { load } from 'js-yaml';

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
class OutsideSubset extends Error {}
const outside = (): never => {
  throw new OutsideSubset();
};

/** Nesting deeper than this is left to js-yaml (whose own limit is 100). */
const maxDepth = 40;
/** YAML limits an implicit key to 1,024 characters; longer ones are left to js-yaml. */
const maxKeyLength = 1024;

interface Line {
  /** Spaces before the content. */
  indent: number;
  /** The line without its indentation; '' for a blank line. */
  content: string;
  /** The whole line as written (block scalars keep it). */
  raw: string;
  /** Blank or comment only. */
  empty: boolean;
}

/** The documents of `text`, or undefined when it is not in the subset (then use js-yaml). */
export function readPlainRuleYaml(text: string): unknown[] | undefined {
  if (!plainCharacters(text)) return undefined;
  try {
    return new Reader(text).documents();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

/** A character outside printable ASCII and the line feed: the only ones plainCharacters must look at. */
const notPrintableAscii = /[^\n\x20-\x7e]/;

/** No tab, carriage return, BOM, control character, lone surrogate or non-character. */
function plainCharacters(text: string): boolean {
  // Nearly every rule is printable ASCII: one native scan finds the first character to look at.
  const first = text.search(notPrintableAscii);
  if (first === -1) return true;
  for (let index = first; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code === 0x0a) continue;
    if (code < 0xa0 || code === 0xfeff || code >= 0xfffe) return false;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      index++;
    }
  }
  return true;
}

class Reader {
  private readonly lines: Line[];
  private index = 0;
  private readonly resolved = new Map<string, unknown>();

  constructor(text: string) {
    this.lines = text.split('\n').map((raw) => {
      let indent = 0;
      while (raw.charCodeAt(indent) === 0x20) indent++;
      const content = raw.slice(indent).trimEnd();
      return { indent, content, raw, empty: content === '' || content.charCodeAt(0) === 0x23 };
    });
  }

  documents(): unknown[] {
    const documents: unknown[] = [];
    let sawSeparator = false;
    while (true) {
      const line = this.significant();
      if (line === undefined) break;
      if (line.indent === 0 && isDocumentMarker(line.content)) {
        if (line.content !== '---') outside();
        this.index++;
        sawSeparator = true;
        const next = this.significant();
        if (next === undefined || (next.indent === 0 && isDocumentMarker(next.content))) outside();
        continue;
      }
      documents.push(this.block(line.indent, 0));
      const after = this.significant();
      if (after !== undefined && !(after.indent === 0 && isDocumentMarker(after.content))) outside();
    }
    // An empty stream, or one of comments only: js-yaml decides what that is.
    if (documents.length === 0 && !sawSeparator) outside();
    return documents;
  }

  /** The next line that is not blank or a comment, skipping to it; undefined at the end. */
  private significant(): Line | undefined {
    while (this.index < this.lines.length) {
      const line = this.lines[this.index] as Line;
      if (!line.empty) return line;
      this.index++;
    }
    return undefined;
  }

  /** The block node (mapping or sequence) whose first line is the current one, at `indent`. */
  private block(indent: number, depth: number): unknown {
    if (depth > maxDepth) outside();
    const line = this.lines[this.index] as Line;
    if (isSequenceEntry(line.content)) return this.sequence(indent, depth);
    return this.mapping(indent, depth);
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (true) {
      const line = this.significant();
      if (line === undefined || line.indent < indent || (line.indent === 0 && isDocumentMarker(line.content))) break;
      if (line.indent > indent) outside();
      const entry = splitKey(line.content) ?? outside();
      const key = entry.key;
      if (key === '__proto__' || Object.hasOwn(result, key)) outside();
      this.index++;
      result[key] = entry.rest === '' ? this.nestedValue(indent, depth, true) : this.inlineValue(entry.rest, indent);
    }
    return result;
  }

  private sequence(indent: number, depth: number): unknown[] {
    const result: unknown[] = [];
    while (true) {
      const line = this.significant();
      if (line === undefined || line.indent < indent || (line.indent === 0 && isDocumentMarker(line.content))) break;
      if (line.indent > indent) outside();
      if (!isSequenceEntry(line.content)) break;
      let offset = 1;
      while (line.content.charCodeAt(offset) === 0x20) offset++;
      const rest = line.content.slice(offset);
      if (rest === '' || rest.charCodeAt(0) === 0x23) {
        this.index++;
        result.push(this.nestedValue(indent, depth, false));
      } else if (isSequenceEntry(rest)) outside();
      else if (isQuote(rest.charCodeAt(0))) {
        // `- 'value'` (most entries of a value list) is read once; `- 'key': value` starts a mapping.
        const quoted = readQuoted(rest, 0) ?? outside();
        if (keyColonAt(rest, quoted.end) !== -1) result.push(this.entryMapping(indent + offset, rest, line.raw, depth));
        else {
          if (!restIsComment(rest, quoted.end)) outside();
          this.index++;
          result.push(quoted.value);
        }
      } else if (splitKey(rest) !== undefined) {
        result.push(this.entryMapping(indent + offset, rest, line.raw, depth));
      } else {
        this.index++;
        result.push(this.inlineValue(rest, indent));
      }
    }
    return result;
  }

  /** `- key: value`: a mapping whose lines sit where its first key does (`column`). */
  private entryMapping(column: number, content: string, raw: string, depth: number): Record<string, unknown> {
    this.lines[this.index] = { indent: column, content, raw, empty: false };
    return this.mapping(column, depth + 1);
  }

  /**
   * The value of `key:` or `-` with nothing after it: the more indented block below, a sequence
   * at the key's own indentation (mappings only), or null.
   */
  private nestedValue(indent: number, depth: number, inMapping: boolean): unknown {
    const next = this.significant();
    if (next === undefined || (next.indent === 0 && isDocumentMarker(next.content))) return null;
    if (next.indent > indent) return this.block(next.indent, depth + 1);
    if (inMapping && next.indent === indent && isSequenceEntry(next.content)) return this.sequence(indent, depth + 1);
    return null;
  }

  /** A value written after `key: ` or `- ` on the line just passed; `indent` is its parent's. */
  private inlineValue(text: string, indent: number): unknown {
    const first = text.charCodeAt(0);
    if (first === 0x27 || first === 0x22) {
      const quoted = readQuoted(text, 0) ?? outside();
      if (!restIsComment(text, quoted.end)) outside();
      return quoted.value;
    }
    if (first === 0x7c) return this.literal(text, indent);
    if (first === 0x5b) {
      this.noContinuation(indent);
      return readFlowSequence(text, (plain) => this.resolve(plain));
    }
    if (first === 0x7b) {
      if (!(text === '{}' || (text.startsWith('{}') && restIsComment(text, 2)))) outside();
      return {};
    }
    const plain = plainScalar(text) ?? outside();
    this.noContinuation(indent);
    return this.resolve(plain);
  }

  /** A plain scalar continued on a more indented line is a multi-line scalar: not in the subset. */
  private noContinuation(indent: number): void {
    const next = this.significant();
    if (next !== undefined && next.indent > indent) outside();
  }

  /** A literal block scalar (`|` clips the final line breaks to one, `|-` strips them). */
  private literal(header: string, indent: number): string {
    const strip = header.startsWith('|-');
    const headerEnd = strip ? 2 : 1;
    if (!restIsComment(header, headerEnd)) outside();
    const body: string[] = [];
    let contentIndent = -1;
    let leadingBlank = 0;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index] as Line;
      const blank = line.raw.trim() === '';
      if (contentIndent === -1) {
        if (blank) {
          leadingBlank = Math.max(leadingBlank, line.raw.length);
          body.push('');
          this.index++;
          continue;
        }
        if (line.indent <= indent || leadingBlank > line.indent) break;
        contentIndent = line.indent;
      }
      // A line of spaces only, longer than the indentation, is content in YAML: left to js-yaml.
      if (blank && line.raw.length > contentIndent) outside();
      if (blank) body.push('');
      else if (line.indent >= contentIndent) body.push(line.raw.slice(contentIndent));
      else break;
      this.index++;
    }
    if (contentIndent === -1) outside();
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const content = body.slice(0, end).join('\n');
    return strip ? content : `${content}\n`;
  }

  /** The value of a plain scalar: a string, or what js-yaml's core schema makes of it. */
  private resolve(plain: string): unknown {
    if (!mayNotBeString(plain) || !numberLike(plain)) return plain;
    if (isSmallDecimal(plain)) return Number(plain);
    const word = coreWords.get(plain);
    if (word !== undefined) return word.value;
    if (this.resolved.has(plain)) return this.resolved.get(plain);
    let value: unknown;
    try {
      value = load(plain);
    } catch {
      outside();
    }
    if (value !== null && typeof value === 'object') outside();
    this.resolved.set(plain, value);
    return value;
  }
}

/** The core schema's null and boolean words, as js-yaml resolves them (plain-rule-yaml.test.ts checks each). */
const coreWords = new Map<string, { value: null | boolean }>([
  ...['null', 'Null', 'NULL'].map((word) => [word, { value: null }] as const),
  ...['true', 'True', 'TRUE'].map((word) => [word, { value: true }] as const),
  ...['false', 'False', 'FALSE'].map((word) => [word, { value: false }] as const),
]);

/**
 * Whether every character could belong to a core-schema null, boolean, integer or float
 * (digits, letters, `.`, `_`, `~`, and `+` or `-` first or after an exponent's `e`). Any other
 * scalar (`2024-01-31`, `C:/x`, `a b`) is a string whatever it starts with: the core schema has
 * no timestamps.
 */
function numberLike(plain: string): boolean {
  for (let index = 0; index < plain.length; index++) {
    const code = plain.charCodeAt(index);
    const alphanumeric =
      (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (alphanumeric || code === 0x2e || code === 0x5f || code === 0x7e) continue;
    if (code === 0x2b || code === 0x2d) {
      const before = plain.charCodeAt(index - 1);
      if (index === 0 || before === 0x65 || before === 0x45) continue;
    }
    return false;
  }
  return true;
}

/** `0` or a decimal integer without a leading zero or sign, small enough to be exact. */
function isSmallDecimal(plain: string): boolean {
  if (plain.length > 15) return false;
  if (plain === '0') return true;
  if (plain.charCodeAt(0) === 0x30) return false;
  for (let index = 0; index < plain.length; index++) {
    const code = plain.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isDocumentMarker(content: string): boolean {
  return content.startsWith('---') || content.startsWith('...') || content.charCodeAt(0) === 0x25;
}

function isSequenceEntry(content: string): boolean {
  return content.charCodeAt(0) === 0x2d && (content.length === 1 || content.charCodeAt(1) === 0x20);
}

/** Whether only spaces and a comment follow position `from`. */
function restIsComment(text: string, from: number): boolean {
  if (from >= text.length) return true;
  if (text.charCodeAt(from) !== 0x20) return false;
  const rest = text.slice(from).trimStart();
  return rest === '' || rest.charCodeAt(0) === 0x23;
}

/** Characters that cannot start a plain scalar (or start one we leave to js-yaml). */
const indicators = new Set('[]{},#&*!|>\'"%@`?:-'.split(''));

/** Plain scalars in the core schema that may not be strings: numbers, `~`, null and booleans. */
function mayNotBeString(plain: string): boolean {
  const first = plain.charCodeAt(0);
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e || first === 0x7e)
    return true;
  switch (plain) {
    case 'null':
    case 'Null':
    case 'NULL':
    case 'true':
    case 'True':
    case 'TRUE':
    case 'false':
    case 'False':
    case 'FALSE':
      return true;
    default:
      return false;
  }
}

/**
 * A one-line plain scalar in block context (comment cut, spaces trimmed), or undefined when the
 * text is not one we read: it starts with an indicator, or holds `: ` (a mapping on one line).
 */
function plainScalar(text: string): string | undefined {
  const first = text[0] as string;
  if (indicators.has(first)) {
    // `-`, `?` and `:` start a plain scalar when a non-space follows (`-foo`, `:bar`).
    if (!(first === '-' || first === '?' || first === ':') || text.length === 1 || text.charCodeAt(1) === 0x20)
      return undefined;
  }
  // A comment starts at ` #`; a `:` before it that ends the text or precedes a space makes a mapping.
  const comment = text.indexOf(' #');
  const colon = mappingColon(text);
  if (colon !== -1 && (comment === -1 || colon < comment)) return undefined;
  return (comment === -1 ? text : text.slice(0, comment)).trimEnd();
}

/** The first `:` of `text` that ends it or precedes a space, or -1. */
function mappingColon(text: string): number {
  let colon = text.indexOf(':');
  while (colon !== -1 && colon + 1 < text.length && text.charCodeAt(colon + 1) !== 0x20)
    colon = text.indexOf(':', colon + 1);
  return colon;
}

/** Where the `:` of a key that ends at `from` lies (spaces may come before it), or -1 when none follows. */
function keyColonAt(content: string, from: number): number {
  let colon = from;
  while (content.charCodeAt(colon) === 0x20) colon++;
  if (content.charCodeAt(colon) !== 0x3a) return -1;
  if (colon + 1 < content.length && content.charCodeAt(colon + 1) !== 0x20) return -1;
  return colon;
}

const isQuote = (code: number) => code === 0x27 || code === 0x22;

/**
 * `key: rest` split at the key's colon, or undefined when the line is not a mapping entry. Keys
 * are plain or quoted strings; a plain key that may not be a string is left to js-yaml.
 */
function splitKey(content: string): { key: string; rest: string } | undefined {
  const first = content.charCodeAt(0);
  let key: string;
  let after: number;
  if (isQuote(first)) {
    const quoted = readQuoted(content, 0);
    if (quoted === undefined) return undefined;
    const colon = keyColonAt(content, quoted.end);
    if (colon === -1) return undefined;
    key = quoted.value;
    after = colon + 1;
  } else {
    const colon = mappingColon(content);
    if (colon === -1) return undefined;
    // ` #` before the colon starts a comment: the line is not `key: value`.
    const comment = content.indexOf(' #');
    if (comment !== -1 && comment < colon) return undefined;
    key = content.slice(0, colon).trimEnd();
    if (key === '' || key.length > maxKeyLength || plainScalar(key) !== key || mayNotBeString(key)) outside();
    after = colon + 1;
  }
  const rest = content.slice(after).trimStart();
  return { key, rest: rest.charCodeAt(0) === 0x23 ? '' : rest };
}

/** A one-line quoted scalar starting at `from`: its value and the index after its closing quote. */
function readQuoted(text: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let start = from + 1;
  if (text.charCodeAt(from) === 0x27) {
    // Single-quoted: `''` is a quote; nothing else is an escape.
    while (true) {
      const quote = text.indexOf("'", start);
      if (quote === -1) return undefined;
      if (text.charCodeAt(quote + 1) !== 0x27) return { value: value + text.slice(start, quote), end: quote + 1 };
      value += text.slice(start, quote + 1);
      start = quote + 2;
    }
  }
  // Double-quoted: each search resumes where the last stopped, so a line of escapes stays linear.
  let quote = text.indexOf('"', start);
  while (quote !== -1) {
    const backslash = text.indexOf('\\', start);
    if (backslash === -1 || backslash > quote) return { value: value + text.slice(start, quote), end: quote + 1 };
    value += text.slice(start, backslash);
    const escaped = readEscape(text, backslash + 1) ?? outside();
    value += escaped.text;
    start = escaped.end;
    if (quote < start) quote = text.indexOf('"', start);
  }
  return undefined;
}

const simpleEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const hexDigits: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A YAML double-quoted escape after its backslash; undefined for one we do not read. */
function readEscape(text: string, at: number): { text: string; end: number } | undefined {
  const letter = text[at];
  if (letter === undefined) return undefined;
  const simple = simpleEscapes[letter];
  if (simple !== undefined) return { text: simple, end: at + 1 };
  const digits = hexDigits[letter];
  if (digits === undefined) return undefined;
  const hex = text.slice(at + 1, at + 1 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { text: String.fromCodePoint(code), end: at + 1 + digits };
}

/** `[a, 'b', "c"]` on one line, scalars only; anything else is left to js-yaml. */
function readFlowSequence(text: string, resolve: (plain: string) => unknown): unknown[] {
  const items: unknown[] = [];
  let index = 1;
  const skipSpaces = () => {
    while (text.charCodeAt(index) === 0x20) index++;
  };
  skipSpaces();
  if (text.charCodeAt(index) === 0x5d) {
    if (!restIsComment(text, index + 1)) outside();
    return items;
  }
  while (true) {
    skipSpaces();
    const first = text.charCodeAt(index);
    if (first === 0x27 || first === 0x22) {
      const quoted = readQuoted(text, index) ?? outside();
      items.push(quoted.value);
      index = quoted.end;
    } else {
      let end = index;
      while (end < text.length && !',[]{}#:'.includes(text[end] as string)) end++;
      const plain = text.slice(index, end).trimEnd();
      if (plain === '' || indicators.has(plain[0] as string)) outside();
      items.push(resolve(plain));
      index = end;
    }
    skipSpaces();
    const separator = text.charCodeAt(index);
    index++;
    if (separator === 0x5d) break;
    if (separator !== 0x2c) outside();
    skipSpaces();
    if (text.charCodeAt(index) === 0x5d) outside();
  }
  if (!restIsComment(text, index)) outside();
  return items;
}
