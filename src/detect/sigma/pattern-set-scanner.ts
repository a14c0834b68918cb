/**
 * Which of a set of lower-case patterns may occur in a text's lower case, in one pass over the
 * text as it is (no lower-cased copy unless the text has a character above ASCII): an Aho-Corasick automaton as a
 * complete DFA in one flat table (one array read per character), with output links, so every
 * pattern that occurs is reported, overlapping ones and ones inside others included. A short set
 * is scanned with `includes` per pattern instead. The table is built on the first text scanned.
 *
 * Its columns are the ASCII characters of the patterns, one column for every other ASCII
 * character, and one for all characters above ASCII: rule values hold hundreds of distinct
 * Unicode characters (homoglyph lists), and a column each would make the table hundreds of
 * megabytes. So a pattern with non-ASCII characters is reported where the text has some non-ASCII
 * character at that place: a report means "may occur" (the caller checks the real value), while a
 * pattern that occurs is always reported.
 */

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
    scan ??= compileAutomaton(patterns);
    scan(text, report);
  };
}

function compileAutomaton(patterns: readonly string[]): PatternSetScan {
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
  const classOf = (code: number) => (code < 128 ? (ascii[code] as number) : above);
  let states = 1;
  for (const pattern of patterns) states += pattern.length;
  const table = new Int32Array(states * width).fill(-1);
  // The pattern a state ends (first one, for duplicates), or -1; duplicates chain through `same`.
  const ends = new Int32Array(states).fill(-1);
  const same = new Int32Array(patterns.length).fill(-1);
  let used = 1;
  patterns.forEach((pattern, patternIndex) => {
    let state = 0;
    for (let index = 0; index < pattern.length; index++) {
      const entry = state * width + classOf(pattern.charCodeAt(index));
      let target = table[entry] as number;
      if (target === -1) {
        target = used++;
        table[entry] = target;
      }
      state = target;
    }
    same[patternIndex] = ends[state] as number;
    ends[state] = patternIndex;
  });
  // Breadth first: missing edges take the failure state's, and each state's output link is the
  // nearest state on its failure chain (itself included) that ends a pattern, 0 for none.
  const failure = new Int32Array(used);
  const output = new Int32Array(used);
  const nextOutput = new Int32Array(used);
  const queue = new Int32Array(used);
  let tail = 0;
  for (let column = 0; column < width; column++) {
    const target = table[column] as number;
    if (target === -1) table[column] = 0;
    else {
      failure[target] = 0;
      queue[tail++] = target;
    }
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head] as number;
    const fallback = failure[state] as number;
    nextOutput[state] = output[fallback] as number;
    output[state] = (ends[state] as number) >= 0 ? state : (output[fallback] as number);
    const row = state * width;
    for (let column = 0; column < width; column++) {
      const target = table[row + column] as number;
      if (target === -1) table[row + column] = table[fallback * width + column] as number;
      else {
        failure[target] = table[fallback * width + column] as number;
        queue[tail++] = target;
      }
    }
  }
  const compact = table.slice(0, used * width);
  const shortest = Math.min(...patterns.map((pattern) => pattern.length));
  const scanLower = (text: string, report: (pattern: number) => void): void => {
    if (text.length < shortest) return;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      state = compact[state * width + (code < 128 ? (ascii[code] as number) : above)] as number;
      let found = output[state] as number;
      while (found !== 0) {
        for (let pattern = ends[found] as number; pattern !== -1; pattern = same[pattern] as number) report(pattern);
        found = nextOutput[found] as number;
      }
    }
  };
  // Upper-case ASCII letters read as their lower-case column: on ASCII text that is exactly the
  // scan of `text.toLowerCase()`. At the first other character (whose lower case may even be
  // ASCII, as the Kelvin sign's), the lower-cased text is scanned from its start instead; what the
  // ASCII part reported occurs there too.
  const folded = ascii.slice();
  for (let code = 65; code <= 90; code++) folded[code] = ascii[code + 32] as number;
  return (text, report) => {
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 128) {
        scanLower(text.toLowerCase(), report);
        return;
      }
      state = compact[state * width + (folded[code] as number)] as number;
      let found = output[state] as number;
      while (found !== 0) {
        for (let pattern = ends[found] as number; pattern !== -1; pattern = same[pattern] as number) report(pattern);
        found = nextOutput[found] as number;
      }
    }
  };
}
