/**
 * Compiles one detection item (`Field|modifier|modifier: value or list`) into a predicate over an
 * event. Unknown or contradictory modifiers throw, so a rule never silently matches nothing.
 */
import ipaddr from 'ipaddr.js';
import { InputInvalidError, UnsupportedError } from '../../core/index.js';
import type { EventView } from './event-view.js';
import { compileGlob, type StringPredicate } from './glob-matcher.js';
import { compileCaseFoldedContains, compileMultiPattern, type PatternPosition } from './multi-pattern.js';
import { compileRegex, RegexRefusedError } from './regex-compiler.js';
import { parseSigmaString, plainString, type SigmaString, withLeadingAny, withTrailingAny } from './sigma-string.js';
import {
  encodeBase64,
  encodeBase64Offsets,
  encodeUtf16,
  expandPlaceholders,
  expandWindash,
  type TransformedValue,
} from './value-transforms.js';

export type EventPredicate = (view: EventView) => boolean;

export interface CompileContext {
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  /** False compiles every value to its own predicate (the reference behaviour, for benchmarks). */
  readonly multiPattern?: boolean;
  /** Notes about how the rule was compiled (e.g. a regex moved to the linear engine). */
  readonly notes: string[];
}

const knownModifiers = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
  'exists',
  'cased',
  'gt',
  'gte',
  'lt',
  'lte',
  'fieldref',
  'expand',
]);
const comparisons = {
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
};

/** `field` undefined means a keyword item (matched against every value of the event). */
export function compileDetectionItem(
  field: string | undefined,
  writtenModifiers: readonly string[],
  values: readonly unknown[],
  context: CompileContext,
): EventPredicate {
  const positional = ['contains', 'startswith', 'endswith', 're', 'cidr', 'exists'];
  // Keywords are a full-text search: a bare keyword matches anywhere inside a value.
  const modifiers =
    field === undefined && !writtenModifiers.some((modifier) => positional.includes(modifier))
      ? [...writtenModifiers, 'contains']
      : writtenModifiers;
  for (const modifier of modifiers) {
    if (!knownModifiers.has(modifier))
      throw new UnsupportedError(`unknown modifier '${modifier}'`, { location: { field } });
  }
  if (values.length === 0) throw new InputInvalidError(`empty value list`, { location: { field } });
  for (const value of values) {
    if (value !== null && typeof value === 'object') {
      throw new InputInvalidError('a value must be a string, number, boolean or null', { location: { field } });
    }
  }
  if (modifiers.includes('exists')) return compileExists(field, values);
  if (
    field === undefined &&
    (modifiers.includes('fieldref') ||
      modifiers.includes('cidr') ||
      modifiers.includes('gt') ||
      modifiers.includes('gte') ||
      modifiers.includes('lt') ||
      modifiers.includes('lte'))
  ) {
    throw new InputInvalidError('keyword items cannot use field-comparing modifiers');
  }
  const matchAll = modifiers.includes('all');
  const cased = modifiers.includes('cased');
  const tests: Array<StringPredicate | 'null'> = [];
  let fieldrefTests: Array<(view: EventView, texts: readonly string[]) => boolean> | undefined;
  const grouped = !matchAll && context.multiPattern !== false && values.length > 1 && isPlainTextMatch(modifiers);
  if (grouped) {
    if (values.includes(null)) tests.push('null');
    const texts = values.filter((value) => value !== null).map(String);
    const folded =
      field === undefined && !cased && tests.length === 0 ? foldedKeywords(texts, modifiers, context) : undefined;
    if (folded !== undefined) return (view) => view.someText(folded);
    if (texts.length > 0) tests.push(...compileValueList(texts, modifiers, cased, context));
  }
  for (const value of grouped ? [] : values) {
    if (value === null) {
      tests.push('null');
      continue;
    }
    const raw = String(value);
    if (modifiers.includes('fieldref')) {
      fieldrefTests ??= [];
      fieldrefTests.push(compileFieldref(raw, modifiers));
    } else tests.push(compileValue(raw, modifiers, cased, context));
  }
  const read =
    cased || modifiers.includes('re') || modifiers.includes('base64') || modifiers.includes('base64offset')
      ? readOriginal(field)
      : readLower(field, modifiers);
  if (fieldrefTests !== undefined) return combineFieldref(field as string, fieldrefTests, matchAll, cased);
  return combine(field, tests, read, matchAll);
}

function readOriginal(field: string | undefined): (view: EventView) => readonly string[] {
  return field === undefined ? (view) => view.allTexts() : (view) => view.texts(field);
}

function readLower(field: string | undefined, modifiers: readonly string[]): (view: EventView) => readonly string[] {
  const numeric = ['gt', 'gte', 'lt', 'lte', 'cidr'].some((name) => modifiers.includes(name));
  if (numeric) return readOriginal(field);
  return field === undefined ? (view) => view.allLowerTexts() : (view) => view.lowerTexts(field);
}

function compileExists(field: string | undefined, values: readonly unknown[]): EventPredicate {
  if (field === undefined) throw new InputInvalidError("'exists' needs a field");
  const wanted = values[0];
  if (values.length !== 1 || typeof wanted !== 'boolean')
    throw new InputInvalidError("'exists' takes true or false", { location: { field } });
  return (view) => (view.value(field) !== undefined) === wanted;
}

function compileValue(
  raw: string,
  modifiers: readonly string[],
  cased: boolean,
  context: CompileContext,
): StringPredicate {
  if (modifiers.includes('re')) {
    try {
      const compiled = compileRegex(raw, {
        caseInsensitive: modifiers.includes('i'),
        multiline: modifiers.includes('m'),
        dotAll: modifiers.includes('s'),
      });
      if (compiled.engine === 'linear')
        context.notes.push(`regex ${JSON.stringify(raw)} runs on the linear-time engine`);
      return compiled.test;
    } catch (error) {
      if (error instanceof RegexRefusedError)
        throw new UnsupportedError(`regex ${JSON.stringify(raw)} refused: ${error.message}`);
      throw error;
    }
  }
  if (['i', 'm', 's'].some((name) => modifiers.includes(name)))
    throw new InputInvalidError("modifiers 'i', 'm' and 's' only apply to 're'");
  if (modifiers.includes('cidr')) return compileCidr(raw);
  const comparison = (['gt', 'gte', 'lt', 'lte'] as const).find((name) => modifiers.includes(name));
  if (comparison !== undefined) {
    const bound = Number(raw);
    if (Number.isNaN(bound)) throw new InputInvalidError(`'${comparison}' needs a number, got ${JSON.stringify(raw)}`);
    const compare = comparisons[comparison];
    return (text) => {
      const number = Number(text);
      return text !== '' && !Number.isNaN(number) && compare(number, bound);
    };
  }
  const alternatives = transformValue(raw, modifiers, context);
  const caseSensitive = cased || modifiers.includes('base64') || modifiers.includes('base64offset');
  const predicates = alternatives.map((alternative) => compileAlternative(alternative, modifiers, caseSensitive));
  if (predicates.length === 1) return predicates[0] as StringPredicate;
  return (text) => predicates.some((predicate) => predicate(text));
}

function compileAlternative(alternative: SigmaString, modifiers: readonly string[], caseSensitive: boolean) {
  let value = alternative;
  if (modifiers.includes('contains')) value = withTrailingAny(withLeadingAny(value));
  else if (modifiers.includes('startswith')) value = withTrailingAny(value);
  else if (modifiers.includes('endswith')) value = withLeadingAny(value);
  if (!caseSensitive)
    value = {
      parts: value.parts.map((part) => (part.kind === 'text' ? { kind: 'text', text: part.text.toLowerCase() } : part)),
    };
  return compileGlob(value);
}

/** Modifiers under which a value list is plain text compared by position, so it can share one matcher. */
const groupableModifiers = new Set(['contains', 'startswith', 'endswith', 'windash', 'expand', 'cased']);

function isPlainTextMatch(modifiers: readonly string[]): boolean {
  return modifiers.every((modifier) => groupableModifiers.has(modifier));
}

/**
 * A value list as few predicates as possible: its wildcard-free values share one multi-pattern
 * matcher; values with `*` or `?` keep their own glob predicate.
 */
function compileValueList(
  raws: readonly string[],
  modifiers: readonly string[],
  cased: boolean,
  context: CompileContext,
): StringPredicate[] {
  const position: PatternPosition = modifiers.includes('contains')
    ? 'contains'
    : modifiers.includes('startswith')
      ? 'startswith'
      : modifiers.includes('endswith')
        ? 'endswith'
        : 'exact';
  const plain: string[] = [];
  const predicates: StringPredicate[] = [];
  for (const raw of raws) {
    for (const alternative of transformValue(raw, modifiers, context)) {
      if (alternative.parts.every((part) => part.kind === 'text')) {
        const text = alternative.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
        plain.push(cased ? text : text.toLowerCase());
      } else predicates.push(compileAlternative(alternative, modifiers, cased));
    }
  }
  if (plain.length > 0) predicates.unshift(compileMultiPattern(plain, position));
  return predicates;
}

/**
 * A keyword list of plain values, long enough for the automaton, as one `contains` predicate that
 * folds case itself: it reads the event's texts as they are, so no keyword rule makes every text
 * of every event lower-cased. Undefined when some value has a wildcard or the list is short.
 */
function foldedKeywords(
  raws: readonly string[],
  modifiers: readonly string[],
  context: CompileContext,
): StringPredicate | undefined {
  if (!modifiers.includes('contains') || modifiers.includes('startswith') || modifiers.includes('endswith'))
    return undefined;
  const plain: string[] = [];
  for (const raw of raws) {
    for (const alternative of transformValue(raw, modifiers, context)) {
      if (!alternative.parts.every((part) => part.kind === 'text')) return undefined;
      plain.push(
        alternative.parts
          .map((part) => (part.kind === 'text' ? part.text : ''))
          .join('')
          .toLowerCase(),
      );
    }
  }
  return compileCaseFoldedContains(plain);
}

export function transformValue(raw: string, modifiers: readonly string[], context: CompileContext): SigmaString[] {
  const expanded = modifiers.includes('expand') ? expandPlaceholders(raw, context.placeholders) : [raw];
  let values: TransformedValue[] = expanded.map((text) => ({ kind: 'text', value: parseSigmaString(text) }));
  for (const modifier of modifiers) {
    if (modifier === 'windash') {
      values = values.flatMap((value): TransformedValue[] =>
        value.kind === 'text' ? expandWindash(value.value).map((item) => ({ kind: 'text', value: item })) : [value],
      );
    } else if (modifier === 'utf16le' || modifier === 'utf16be' || modifier === 'utf16' || modifier === 'wide') {
      values = values.map((value) => encodeUtf16(value, modifier));
    } else if (modifier === 'base64') {
      values = values.map((value) => ({ kind: 'text', value: plainString(encodeBase64(value)) }));
    } else if (modifier === 'base64offset') {
      values = values.flatMap((value) =>
        encodeBase64Offsets(value).map((text) => ({ kind: 'text' as const, value: plainString(text) })),
      );
    }
  }
  return values.map((value) => {
    if (value.kind === 'bytes')
      throw new InputInvalidError('UTF-16 modifiers must be followed by base64 or base64offset');
    return value.value;
  });
}

function compileCidr(raw: string): StringPredicate {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = ipaddr.parseCIDR(raw);
  } catch {
    throw new InputInvalidError(`invalid CIDR ${JSON.stringify(raw)}`);
  }
  const [network, prefix] = range;
  return (text) => {
    if (!ipaddr.isValid(text)) return false;
    let address = ipaddr.parse(text);
    if (address.kind() === 'ipv6' && network.kind() === 'ipv4' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
    }
    return address.kind() === network.kind() && address.match(network, prefix);
  };
}

function compileFieldref(
  otherField: string,
  modifiers: readonly string[],
): (view: EventView, texts: readonly string[]) => boolean {
  const cased = modifiers.includes('cased');
  const compare = modifiers.includes('contains')
    ? (text: string, other: string) => text.includes(other)
    : modifiers.includes('startswith')
      ? (text: string, other: string) => text.startsWith(other)
      : modifiers.includes('endswith')
        ? (text: string, other: string) => text.endsWith(other)
        : (text: string, other: string) => text === other;
  return (view, texts) => {
    const others = cased ? view.texts(otherField) : view.lowerTexts(otherField);
    return texts.some((text) => others.some((other) => compare(text, other)));
  };
}

function combineFieldref(
  field: string,
  tests: ReadonlyArray<(view: EventView, texts: readonly string[]) => boolean>,
  matchAll: boolean,
  cased: boolean,
): EventPredicate {
  return (view) => {
    const texts = cased ? view.texts(field) : view.lowerTexts(field);
    if (texts.length === 0) return false;
    return matchAll ? tests.every((test) => test(view, texts)) : tests.some((test) => test(view, texts));
  };
}

function combine(
  field: string | undefined,
  tests: ReadonlyArray<StringPredicate | 'null'>,
  read: (view: EventView) => readonly string[],
  matchAll: boolean,
): EventPredicate {
  const acceptsNull = tests.includes('null');
  const textTests = tests.filter((test): test is StringPredicate => test !== 'null');
  const isEmpty = field === undefined ? () => false : (view: EventView) => view.isEmpty(field);
  if (matchAll) {
    return (view) => {
      if (acceptsNull && !isEmpty(view)) return false;
      const texts = read(view);
      return textTests.every((test) => texts.some(test));
    };
  }
  if (textTests.length === 1 && !acceptsNull) {
    const only = textTests[0] as StringPredicate;
    return (view) => {
      const texts = read(view);
      for (let index = 0; index < texts.length; index++) if (only(texts[index] as string)) return true;
      return false;
    };
  }
  return (view) => {
    if (acceptsNull && isEmpty(view)) return true;
    const texts = read(view);
    for (const text of texts) for (const test of textTests) if (test(text)) return true;
    return false;
  };
}
