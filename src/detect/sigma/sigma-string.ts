/**
 * A Sigma string value split into literal text and wildcards (`*` any run, `?` one character).
 * Escapes follow the Sigma specification: `\*`, `\?` and `\\` are literal; any other backslash is literal itself.
 */
export type SigmaStringPart = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

export interface SigmaString {
  readonly parts: readonly SigmaStringPart[];
}

const backslash = 0x5c;
const star = 0x2a;
const question = 0x3f;

/**
 * Parses a rule value into parts; `wildcards: false` keeps `*` and `?` literal (for `re`, `cidr`,
 * `fieldref`). Literal runs are sliced from the value, not built a character at a time: every
 * value of every rule passes here.
 */
export function parseSigmaString(value: string, wildcards = true): SigmaString {
  // Without `*` and `?`, only `\\` is an escape.
  if (!wildcards || (value.indexOf('*') === -1 && value.indexOf('?') === -1 && value.indexOf('\\\\') === -1))
    return { parts: [{ kind: 'text', text: value }] };
  const parts: SigmaStringPart[] = [];
  // The literal text so far is `text` followed by value[start, index).
  let text = '';
  let start = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === backslash) {
      const next = value.charCodeAt(index + 1);
      if (next === star || next === question || next === backslash) {
        text += value.slice(start, index) + value[index + 1];
        index++;
        start = index + 1;
      }
    } else if (code === star || code === question) {
      text += value.slice(start, index);
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      start = index + 1;
      if (code === question) parts.push({ kind: 'one' });
      else if (parts.at(-1)?.kind !== 'any') parts.push({ kind: 'any' });
    }
  }
  text += value.slice(start);
  if (text !== '') parts.push({ kind: 'text', text });
  if (parts.length === 0) parts.push({ kind: 'text', text: '' });
  return { parts };
}

export function plainString(text: string): SigmaString {
  return { parts: [{ kind: 'text', text }] };
}

export function hasWildcards(value: SigmaString): boolean {
  return value.parts.some((part) => part.kind !== 'text');
}

/** The literal text of a string without wildcards. */
export function plainText(value: SigmaString): string {
  return value.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

export function withLeadingAny(value: SigmaString): SigmaString {
  return value.parts[0]?.kind === 'any' ? value : { parts: [{ kind: 'any' }, ...value.parts] };
}

export function withTrailingAny(value: SigmaString): SigmaString {
  return value.parts.at(-1)?.kind === 'any' ? value : { parts: [...value.parts, { kind: 'any' }] };
}

export function mapText(value: SigmaString, transform: (text: string) => string): SigmaString {
  return {
    parts: value.parts.map((part) => (part.kind === 'text' ? { kind: 'text', text: transform(part.text) } : part)),
  };
}

/**
 * The longest literal part of a Sigma string (the first of the longest), as `parseSigmaString`
 * would split it, without building the parts: the prefilter reads it from every value of every rule.
 */
export function longestLiteral(value: string): string {
  let longest = '';
  let text = '';
  let plain = true;
  let start = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x5c) {
      const next = value.charCodeAt(index + 1);
      if (next === 0x2a || next === 0x3f || next === 0x5c) {
        // An escape: the part is no longer a plain slice of the value.
        if (plain) text = value.slice(start, index);
        plain = false;
        text += value[index + 1];
        index++;
      } else if (!plain) text += '\\';
    } else if (code === 0x2a || code === 0x3f) {
      const part = plain ? value.slice(start, index) : text;
      if (part.length > longest.length) longest = part;
      text = '';
      plain = true;
      start = index + 1;
    } else if (!plain) text += value[index];
  }
  const last = plain ? value.slice(start) : text;
  return last.length > longest.length ? last : longest;
}
