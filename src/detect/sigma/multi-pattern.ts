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

/** A character trie: node `n`'s edges are `next[n]` (code → node); `accept[n]` ends a pattern. */
interface AffixTrie {
  readonly next: ReadonlyArray<ReadonlyMap<number, number>>;
  readonly accept: Uint8Array;
}

/** The trie of the patterns, read backwards for suffixes. */
function buildAffixTrie(patterns: readonly string[], reversed: boolean): AffixTrie {
  const next: Array<Map<number, number>> = [new Map()];
  const ends: number[] = [];
  for (const pattern of patterns) {
    let node = 0;
    for (let step = 0; step < pattern.length; step++) {
      const code = pattern.charCodeAt(reversed ? pattern.length - 1 - step : step);
      const edges = next[node] as Map<number, number>;
      let target = edges.get(code);
      if (target === undefined) {
        target = next.length;
        next.push(new Map());
        edges.set(code, target);
      }
      node = target;
    }
    ends.push(node);
  }
  const accept = new Uint8Array(next.length);
  for (const node of ends) accept[node] = 1;
  return { next, accept };
}

function matchesPrefix(trie: AffixTrie, text: string): boolean {
  let node = 0;
  for (let index = 0; index < text.length; index++) {
    const target = (trie.next[node] as ReadonlyMap<number, number>).get(text.charCodeAt(index));
    if (target === undefined) return false;
    if (trie.accept[target] === 1) return true;
    node = target;
  }
  return false;
}

function matchesSuffix(trie: AffixTrie, text: string): boolean {
  let node = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    const target = (trie.next[node] as ReadonlyMap<number, number>).get(text.charCodeAt(index));
    if (target === undefined) return false;
    if (trie.accept[target] === 1) return true;
    node = target;
  }
  return false;
}

/** Character classes: every character that occurs in a pattern gets its own column; the rest share column 0. */
interface Alphabet {
  readonly ascii: Uint16Array;
  readonly other: ReadonlyMap<number, number>;
  readonly width: number;
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

function compileAutomaton(patterns: readonly string[]): StringPredicate {
  const alphabet = buildAlphabet(patterns);
  const { ascii, other, width } = alphabet;
  const classOf = (code: number) => (code < 128 ? (ascii[code] as number) : (other.get(code) ?? 0));
  // Trie with the goto function; -1 marks a missing edge until failure links fill it in.
  const edges: number[][] = [new Array<number>(width).fill(-1)];
  const accepting: boolean[] = [false];
  for (const pattern of patterns) {
    let state = 0;
    for (let index = 0; index < pattern.length; index++) {
      const column = classOf(pattern.charCodeAt(index));
      const row = edges[state] as number[];
      let target = row[column] as number;
      if (target === -1) {
        target = edges.length;
        edges.push(new Array<number>(width).fill(-1));
        accepting.push(false);
        row[column] = target;
      }
      state = target;
    }
    accepting[state] = true;
  }
  // Breadth-first: resolve missing edges through failure links, so the table is a complete DFA.
  const table = new Int32Array(edges.length * width);
  const accept = new Uint8Array(edges.length);
  const failure = new Int32Array(edges.length);
  const queue: number[] = [];
  const root = edges[0] as number[];
  for (let column = 0; column < width; column++) {
    const target = root[column] as number;
    if (target === -1) table[column] = 0;
    else {
      table[column] = target;
      failure[target] = 0;
      queue.push(target);
    }
  }
  accept[0] = accepting[0] ? 1 : 0;
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    accept[state] = accepting[state] || accept[failure[state] as number] === 1 ? 1 : 0;
    const row = edges[state] as number[];
    const fallback = (failure[state] as number) * width;
    for (let column = 0; column < width; column++) {
      const target = row[column] as number;
      if (target === -1) table[state * width + column] = table[fallback + column] as number;
      else {
        failure[target] = table[fallback + column] as number;
        table[state * width + column] = target;
        queue.push(target);
      }
    }
  }
  // The scanned table: each entry is the target state's row offset (state × width), or -1 where
  // the target accepts (a match ends the scan, so its row is never needed): one read per character.
  const scanned = new Int32Array(table.length);
  for (let entry = 0; entry < table.length; entry++) {
    const target = table[entry] as number;
    scanned[entry] = accept[target] === 1 ? -1 : target * width;
  }
  const shortest = Math.min(...patterns.map((pattern) => pattern.length));
  return (text) => {
    if (text.length < shortest) return false;
    let row = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      row = scanned[row + (code < 128 ? (ascii[code] as number) : (other.get(code) ?? 0))] as number;
      if (row < 0) return true;
    }
    return false;
  };
}
