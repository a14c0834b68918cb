/**
 * One predicate for a whole list of plain (wildcard-free) values of a detection item, so a rule
 * with hundreds of `contains` patterns scans a field once instead of once per pattern:
 * exact values become a set lookup, `startswith`/`endswith` a set lookup per distinct length,
 * and `contains` an Aho-Corasick automaton compiled into a dense transition table (each text
 * character costs one array read, whatever the number of patterns). The automaton and the affix
 * tries are built on the first text they test, so rules of log sources an input never has cost
 * no more than their parse. Affixes are matched by walking a trie over the text's own characters,
 * with no substring made.
 */
import { buildPatternTrie, completeAutomaton } from './aho-corasick.js';
import type { StringPredicate } from './glob-matcher.js';

export type PatternPosition = 'exact' | 'startswith' | 'endswith' | 'contains';

/** Below this many patterns, `includes` per pattern is as fast as the automaton. */
const automatonThreshold = 6;

export function compileMultiPattern(patterns: readonly string[], position: PatternPosition): StringPredicate {
  const unique = [...new Set(patterns)];
  if (position === 'exact') {
    const wanted = new Set(unique);
    return (text) => wanted.has(text);
  }
  if (unique.includes('')) return () => true;
  if (position === 'startswith' || position === 'endswith') return compileAffixes(unique, position);
  if (unique.length < automatonThreshold) {
    return (text) => {
      for (const pattern of unique) if (text.includes(pattern)) return true;
      return false;
    };
  }
  let automaton: StringPredicate | undefined;
  return (text) => {
    automaton ??= compileAutomaton(unique);
    return automaton(text);
  };
}

/**
 * `contains` of lower-case patterns tested on text in any case, as `compileMultiPattern(patterns,
 * 'contains')` on the text lower-cased, without lower-casing it (text wholly in ASCII, the usual
 * case). Only for lists long enough for the automaton; undefined otherwise.
 */
export function compileCaseFoldedContains(patterns: readonly string[]): StringPredicate | undefined {
  const unique = [...new Set(patterns)];
  if (unique.length < automatonThreshold || unique.includes('')) return undefined;
  let automaton: StringPredicate | undefined;
  return (text) => {
    automaton ??= compileSkipScan(unique) ?? compileAutomaton(unique, true);
    return automaton(text);
  };
}

/** Patterns of the skip scan are ASCII. */
const aboveAscii = /[\u0080-\uffff]/;
/**
 * The only characters whose lower case holds an ASCII character (checked exhaustively over the
 * BMP): the Kelvin sign (k) and the dotted capital I (i plus a combining dot, one character
 * longer). Text holding either is scanned on its lower case; any other character above ASCII
 * lower-cases to characters above ASCII, which no ASCII pattern holds.
 */
const kelvinSign = '\u212a';
const dottedCapitalI = '\u0130';
/** The class of every character above ASCII in the skip scan's fold table: equal to no pattern character. */
const aboveAsciiClass = 128;
/** The skip scan reads pairs of characters: a list whose shortest pattern is shorter than this gains too little. */
const minimumSkipLength = 5;

/**
 * A case-folded `contains` that skips (Wu-Manber, blocks of two characters): for a list of
 * keywords whose shortest has `m` characters, a window's last two characters tell how far the
 * next possible match end lies, so most texts are read at about one character in `m - 1`. Every
 * place the shift table allows is checked against the patterns ending their first `m`
 * characters there. Only for ASCII patterns; text is read as it is, characters above ASCII
 * matching no pattern character, except text holding a Kelvin sign or a dotted capital I (checked
 * first, natively), which the automaton scans on its lower case. Undefined when the list does not fit.
 */
function compileSkipScan(patterns: readonly string[]): StringPredicate | undefined {
  let shortest = Number.POSITIVE_INFINITY;
  for (const pattern of patterns) {
    if (aboveAscii.test(pattern)) return undefined;
    shortest = Math.min(shortest, pattern.length);
  }
  if (shortest < minimumSkipLength) return undefined;
  const m = shortest;
  // Every UTF-16 code unit folded: ASCII to its lower case, the rest to one class of its own.
  const fold = new Uint8Array(65536).fill(aboveAsciiClass);
  for (let code = 0; code < 128; code++) fold[code] = code >= 65 && code <= 90 ? code + 32 : code;
  // Per block (two folded characters), how far the window may move; 0 where some pattern's first
  // m characters end with the block, whose patterns are then listed in `ending`.
  const shift = new Uint8Array(256 * 256).fill(m - 1);
  const ending = new Map<number, string[]>();
  for (const pattern of patterns) {
    for (let end = 1; end < m; end++) {
      const block = ((fold[pattern.charCodeAt(end - 1)] as number) << 8) | (fold[pattern.charCodeAt(end)] as number);
      shift[block] = Math.min(shift[block] as number, m - 1 - end);
    }
    const last = ((fold[pattern.charCodeAt(m - 2)] as number) << 8) | (fold[pattern.charCodeAt(m - 1)] as number);
    const list = ending.get(last);
    if (list === undefined) ending.set(last, [pattern]);
    else list.push(pattern);
  }
  const lowerScan = compileAutomaton(patterns);
  const at = (text: string, start: number, pattern: string): boolean => {
    if (start + pattern.length > text.length) return false;
    for (let index = 0; index < pattern.length; index++)
      if (fold[text.charCodeAt(start + index)] !== pattern.charCodeAt(index)) return false;
    return true;
  };
  return (text) => {
    if (text.length < m) return false;
    if (text.indexOf(kelvinSign) !== -1 || text.indexOf(dottedCapitalI) !== -1) return lowerScan(text.toLowerCase());
    for (let end = m - 1; end < text.length; ) {
      const block = ((fold[text.charCodeAt(end - 1)] as number) << 8) | (fold[text.charCodeAt(end)] as number);
      const step = shift[block] as number;
      if (step > 0) {
        end += step;
        continue;
      }
      const start = end - m + 1;
      for (const pattern of ending.get(block) as string[]) if (at(text, start, pattern)) return true;
      end++;
    }
    return false;
  };
}

function compileAffixes(patterns: readonly string[], position: 'startswith' | 'endswith'): StringPredicate {
  let trie: AffixTrie | undefined;
  if (position === 'startswith') {
    return (text) => {
      trie ??= buildAffixTrie(patterns, false);
      return matchesPrefix(trie, text);
    };
  }
  return (text) => {
    trie ??= buildAffixTrie(patterns, true);
    return matchesSuffix(trie, text);
  };
}

/**
 * A character trie as a dense table over the patterns' alphabet (`Alphabet`): the entry of node
 * row `r` and character class `c` is the target node's row offset, 0 for no edge (the root is
 * never a target, and class 0, characters in no pattern, has no edges), or -1 when the target
 * ends a pattern (the walk stops there with a match).
 */
interface AffixTrie {
  readonly table: Int32Array;
  readonly alphabet: Alphabet;
}

/** The trie of the patterns, read backwards for suffixes. */
function buildAffixTrie(patterns: readonly string[], reversed: boolean): AffixTrie {
  const alphabet = buildAlphabet(patterns);
  const { width } = alphabet;
  let nodes = 1;
  let table = new Int32Array(Math.max(2, patterns.length + 1) * width);
  const accept: number[] = [];
  for (const pattern of patterns) {
    let row = 0;
    for (let step = 0; step < pattern.length; step++) {
      const column = classOf(alphabet, pattern.charCodeAt(reversed ? pattern.length - 1 - step : step));
      let target = table[row + column] as number;
      if (target === 0) {
        if ((nodes + 1) * width > table.length) {
          const grown = new Int32Array(table.length * 2);
          grown.set(table);
          table = grown;
        }
        target = nodes * width;
        nodes++;
        table[row + column] = target;
      }
      row = target;
    }
    accept.push(row);
  }
  const accepting = new Set(accept);
  const trimmed = table.slice(0, nodes * width);
  for (let entry = 0; entry < trimmed.length; entry++) if (accepting.has(trimmed[entry] as number)) trimmed[entry] = -1;
  return { table: trimmed, alphabet };
}

function matchesPrefix(trie: AffixTrie, text: string): boolean {
  const { table, alphabet } = trie;
  const { ascii, other } = alphabet;
  let row = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    row = table[row + (code < 128 ? (ascii[code] as number) : (other.get(code) ?? 0))] as number;
    if (row <= 0) return row < 0;
  }
  return false;
}

function matchesSuffix(trie: AffixTrie, text: string): boolean {
  const { table, alphabet } = trie;
  const { ascii, other } = alphabet;
  let row = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    const code = text.charCodeAt(index);
    row = table[row + (code < 128 ? (ascii[code] as number) : (other.get(code) ?? 0))] as number;
    if (row <= 0) return row < 0;
  }
  return false;
}

/** Character classes: every character that occurs in a pattern gets its own column; the rest share column 0. */
interface Alphabet {
  readonly ascii: Uint16Array;
  readonly other: ReadonlyMap<number, number>;
  readonly width: number;
}

function classOf(alphabet: Alphabet, code: number): number {
  return code < 128 ? (alphabet.ascii[code] as number) : (alphabet.other.get(code) ?? 0);
}

function buildAlphabet(patterns: readonly string[]): Alphabet {
  const ascii = new Uint16Array(128);
  const other = new Map<number, number>();
  let width = 1;
  for (const pattern of patterns) {
    for (let index = 0; index < pattern.length; index++) {
      const code = pattern.charCodeAt(index);
      if (code < 128) {
        if (ascii[code] === 0) ascii[code] = width++;
      } else if (!other.has(code)) other.set(code, width++);
    }
  }
  return { ascii, other, width };
}

function compileAutomaton(patterns: readonly string[], foldCase = false): StringPredicate {
  const alphabet = buildAlphabet(patterns);
  const { ascii, other, width } = alphabet;
  const { table, order, failure, trie } = completeAutomaton(
    buildPatternTrie(patterns, width, (code) => classOf(alphabet, code)),
  );
  // A state accepts when a pattern ends there or its failure state accepts (found before it, breadth first).
  const accepting = new Uint8Array(trie.states);
  for (let head = 0; head < order.length; head++) {
    const state = order[head] as number;
    if ((trie.ends[state] as number) >= 0 || accepting[failure[state] as number] === 1) accepting[state] = 1;
  }
  // The scanned table: each entry is the target state's row offset (state × width), or -1 where
  // the target accepts (a match ends the scan, so its row is never needed): one read per character.
  const scanned = new Int32Array(table.length);
  for (let entry = 0; entry < scanned.length; entry++) {
    const target = table[entry] as number;
    scanned[entry] = accepting[target] === 1 ? -1 : target * width;
  }
  const { shortest } = trie;
  const scan = (text: string): boolean => {
    if (text.length < shortest) return false;
    let row = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      row = scanned[row + (code < 128 ? (ascii[code] as number) : (other.get(code) ?? 0))] as number;
      if (row < 0) return true;
    }
    return false;
  };
  if (!foldCase) return scan;
  // Upper-case ASCII letters read as their lower-case class: on ASCII text that is exactly the
  // scan of `text.toLowerCase()`; at the first other character the lower-cased text is scanned.
  const folded = ascii.slice();
  for (let code = 65; code <= 90; code++) folded[code] = ascii[code + 32] as number;
  return (text) => {
    // A dotted capital I lower-cases to two characters, so a text holding one may reach a pattern
    // longer than itself once lower-cased; every other character keeps its length.
    if (text.length < shortest && text.indexOf(dottedCapitalI) === -1) return false;
    let row = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 128) return scan(text.toLowerCase());
      row = scanned[row + (folded[code] as number)] as number;
      if (row < 0) return true;
    }
    return false;
  };
}
