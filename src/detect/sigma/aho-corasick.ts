/**
 * The Aho-Corasick construction both pattern scanners share (pattern-set-scanner.ts reports which
 * patterns occur, multi-pattern.ts whether any does). Characters are read through a caller's
 * character classes (`width` columns, `classOf`), so each scanner keeps its own alphabet.
 *
 * Two stages: the patterns' trie, with its edges in a map (cheap to build, whatever the alphabet),
 * then, on demand, the complete DFA in one flat table (state × width + class): breadth first, each
 * state's failure state is found and its missing edges are taken from it. A table costs states ×
 * width entries to build, so a scanner with many patterns and little text to read may keep
 * walking the trie instead.
 */

/** The patterns' trie. State 0 is the root; states are numbered in the order they were made. */
export interface PatternTrie {
  readonly width: number;
  readonly states: number;
  /** The root's edges, one per class (0: none). */
  readonly root: Int32Array;
  /** Edges below the root, by `state × width + class`. */
  readonly edges: ReadonlyMap<number, number>;
  /** Per state, the first pattern (by index) ending there, or -1; further ones chain through `same`. */
  readonly ends: Int32Array;
  readonly same: Int32Array;
  /** The shortest pattern's length. */
  readonly shortest: number;
}

/** The trie completed into a DFA. */
export interface AhoCorasickAutomaton {
  readonly trie: PatternTrie;
  /** Per state and class, the next state: every entry is set. */
  readonly table: Int32Array;
  /** The states below the root in breadth-first order: a state's failure state comes before it. */
  readonly order: Int32Array;
  /** Per state, the longest proper suffix of its text that is also a state. */
  readonly failure: Int32Array;
}

/** Patterns must be non-empty. */
export function buildPatternTrie(
  patterns: readonly string[],
  width: number,
  classOf: (code: number) => number,
): PatternTrie {
  const root = new Int32Array(width);
  const edges = new Map<number, number>();
  let bound = 1;
  let shortest = Number.POSITIVE_INFINITY;
  for (const pattern of patterns) {
    bound += pattern.length;
    shortest = Math.min(shortest, pattern.length);
  }
  const ends = new Int32Array(bound).fill(-1);
  const same = new Int32Array(patterns.length).fill(-1);
  let states = 1;
  for (let patternIndex = 0; patternIndex < patterns.length; patternIndex++) {
    const pattern = patterns[patternIndex] as string;
    const first = classOf(pattern.charCodeAt(0));
    let state = root[first] as number;
    if (state === 0) {
      state = states++;
      root[first] = state;
    }
    for (let index = 1; index < pattern.length; index++) {
      const key = state * width + classOf(pattern.charCodeAt(index));
      let target = edges.get(key);
      if (target === undefined) {
        target = states++;
        edges.set(key, target);
      }
      state = target;
    }
    same[patternIndex] = ends[state] as number;
    ends[state] = patternIndex;
  }
  return { width, states, root, edges, ends: ends.slice(0, states), same, shortest };
}

/** The complete DFA of the trie (failure links found breadth first, missing edges taken from them). */
export function completeAutomaton(trie: PatternTrie): AhoCorasickAutomaton {
  const { width, states } = trie;
  const table = new Int32Array(states * width).fill(-1);
  table.set(trie.root);
  for (const [key, target] of trie.edges) table[key] = target;
  const failure = new Int32Array(states);
  const order = new Int32Array(states - 1);
  let tail = 0;
  for (let column = 0; column < width; column++) {
    const target = table[column] as number;
    if (target !== 0) order[tail++] = target;
  }
  for (let head = 0; head < tail; head++) {
    const state = order[head] as number;
    const row = state * width;
    const fallback = (failure[state] as number) * width;
    for (let column = 0; column < width; column++) {
      const target = table[row + column] as number;
      if (target === -1) table[row + column] = table[fallback + column] as number;
      else {
        failure[target] = table[fallback + column] as number;
        order[tail++] = target;
      }
    }
  }
  return { trie, table, order, failure };
}
