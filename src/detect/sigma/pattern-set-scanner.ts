/**
 * Which of a set of lower-case patterns may occur in a text's lower case, in one pass over the
 * text as it is (no lower-cased copy unless the text has a character above ASCII): an
 * Aho-Corasick automaton (aho-corasick.ts) as a complete DFA in one flat table (one array read per
 * character), with output links, so every pattern that occurs is reported, overlapping ones and
 * ones inside others included. A short set is scanned with `includes` per pattern instead. The
 * table is built on the first text scanned.
 *
 * Its columns are the ASCII characters of the patterns, one column for every other ASCII
 * character, and one for all characters above ASCII: rule values hold hundreds of distinct
 * Unicode characters (homoglyph lists), and a column each would make the table hundreds of
 * megabytes. So a pattern with non-ASCII characters is reported where the text has some non-ASCII
 * character at that place: a report means "may occur" (the caller checks the real value), while a
 * pattern that occurs is always reported.
 */

import { type AhoCorasickAutomaton, buildPatternTrie, completeAutomaton } from './aho-corasick.js';

/**
 * Calls `report(index)` for each pattern (by its index in the list) occurring in
 * `text.toLowerCase()`, possibly more than once.
 */
export type PatternSetScan = (text: string, report: (pattern: number) => void) => void;

/** Below this many patterns, `includes` per pattern costs less than the automaton. */
const automatonThreshold = 4;

/** Patterns must be non-empty. */
export function compilePatternSet(patterns: readonly string[]): PatternSetScan {
  if (patterns.some((pattern) => pattern === '')) throw new Error('pattern set with an empty pattern');
  if (patterns.length < automatonThreshold) {
    return (text, report) => {
      const lower = text.toLowerCase();
      for (let index = 0; index < patterns.length; index++)
        if (lower.includes(patterns[index] as string)) report(index);
    };
  }
  let scan: PatternSetScan | undefined;
  return (text, report) => {
    scan ??= compileScanner(patterns);
    scan(text, report);
  };
}

/** The patterns' character classes: each ASCII character of a pattern its own, every other ASCII character 0. */
function compileScanner(patterns: readonly string[]): PatternSetScan {
  const ascii = new Uint8Array(128);
  let width = 1;
  let wide = 0;
  for (const pattern of patterns) {
    for (let index = 0; index < pattern.length; index++) {
      const code = pattern.charCodeAt(index);
      if (code >= 128) wide = 1;
      else if (ascii[code] === 0) ascii[code] = width++;
    }
  }
  // Characters above ASCII share the last column when some pattern has one, else column 0.
  const above = wide === 1 ? width++ : 0;
  const trie = buildPatternTrie(patterns, width, (code) => (code < 128 ? (ascii[code] as number) : above));
  // Upper-case ASCII letters read as their lower-case column: on ASCII text that is exactly the
  // scan of `text.toLowerCase()`. At the first other character (whose lower case may even be
  // ASCII, as the Kelvin sign's), the lower-cased text is scanned from its start instead; what the
  // ASCII part reported occurs there too.
  const folded = ascii.slice();
  for (let code = 65; code <= 90; code++) folded[code] = ascii[code + 32] as number;
  return tableScanner(completeAutomaton(trie), { ascii, folded, above });
}

interface CharacterClasses {
  readonly ascii: Uint8Array;
  readonly folded: Uint8Array;
  readonly above: number;
}

/** The scan through the complete table, with output links: one table read per character. */
function tableScanner(automaton: AhoCorasickAutomaton, classes: CharacterClasses): PatternSetScan {
  const { table, order, failure, trie } = automaton;
  const { ends, same, width } = trie;
  const { ascii, folded, above } = classes;
  // Each state's output link is the nearest state on its failure chain (itself included) that
  // ends a pattern, 0 for none; `nextOutput` goes on from there.
  const output = new Int32Array(trie.states);
  const nextOutput = new Int32Array(trie.states);
  for (let head = 0; head < order.length; head++) {
    const state = order[head] as number;
    const fallback = failure[state] as number;
    nextOutput[state] = output[fallback] as number;
    output[state] = (ends[state] as number) >= 0 ? state : (output[fallback] as number);
  }
  const scanLower = (text: string, report: (pattern: number) => void): void => {
    if (text.length < trie.shortest) return;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      state = table[state * width + (code < 128 ? (ascii[code] as number) : above)] as number;
      let found = output[state] as number;
      while (found !== 0) {
        for (let pattern = ends[found] as number; pattern !== -1; pattern = same[pattern] as number) report(pattern);
        found = nextOutput[found] as number;
      }
    }
  };
  return (text, report) => {
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 128) {
        scanLower(text.toLowerCase(), report);
        return;
      }
      state = table[state * width + (folded[code] as number)] as number;
      let found = output[state] as number;
      while (found !== 0) {
        for (let pattern = ends[found] as number; pattern !== -1; pattern = same[pattern] as number) report(pattern);
        found = nextOutput[found] as number;
      }
    }
  };
}
