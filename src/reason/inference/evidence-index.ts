/**
 * Nearest known behaviour: a TF-IDF index over labelled examples (attack commands, procedure
 * sentences, rule values, benign look-alikes) searched with a sparse inverted index. A text's
 * candidate techniques are the parent techniques of its nearest examples, scored by how close
 * the nearest one is and how much of the neighbourhood agrees; benign neighbours take their
 * share of the vote and are never reported. Every candidate names its nearest example and the
 * words they share: the reason a person can check.
 */
import { tokenizeText } from '../classifier/tokenize-text.js';
import { isBareProgram } from './command-statements.js';
import { benignLabel, type EvidenceExample } from './evidence-examples.js';

export interface EvidenceCandidate {
  /** The technique of the nearest example within the winning parent (a sub-technique when it is one). */
  technique: string;
  /** Uncalibrated score in [0, 1]: closeness of the nearest example × agreement of the neighbourhood. */
  score: number;
  nearest: Pick<EvidenceExample, 'text' | 'label' | 'source'>;
  /** Words and word pairs the text shares with its nearest example, most telling first. */
  sharedTerms: string[];
  /**
   * The known examples that contain the whole text (every searchable word and word pair of it),
   * counted once per test, actor or rule: how many there are, how many are of this candidate's
   * parent technique, and the technique most of them are of. A text found inside more examples
   * of another technique than of this one (`Get-Date`, a step of many tests) is a building block
   * of procedures, not this technique's own behaviour. Absent when no example contains it.
   * `sources` counts the tests, actors and rules themselves (`groups` counts each once per
   * technique: a rule tagging two techniques is two), so `named / sources` is the share of them
   * that carry this technique; `program` marks a program run on its own (`whoami`, `arp -a`),
   * whose score is already the vote of every test, actor and rule naming it.
   */
  containedIn?: { groups: number; named: number; most: string; mostGroups: number; sources: number; program?: true };
}

export interface EvidenceIndex {
  readonly size: number;
  candidates(text: string, top?: number): EvidenceCandidate[];
}

export interface EvidenceIndexOptions {
  /** Nearest examples considered; each group among them votes once. Default 12. */
  neighbours?: number;
  /** Features in more than this share of examples are too common to search by. Default 0.05. */
  maxDocumentShare?: number;
}

/**
 * What an index holds besides its examples, as plain data (the evidence-model cache stores it),
 * packed: each feature's document frequency, and per feature the examples that have it with their
 * weights, in example order (none for a feature too common to search by), all features' postings
 * in one array each. Packed, it is written and read back as it lies, without a list per feature.
 */
export interface EvidenceIndexState {
  neighbours: number;
  /** Every feature of the examples. */
  features: string[];
  /** Per feature: how many examples have it. */
  frequency: Int32Array;
  /** Per feature: where its postings end in `examples` and `weights` (they start where the previous feature's end). */
  postingEnds: Int32Array;
  /** The postings' examples (positions in the example list), ascending within each feature. */
  examples: Int32Array;
  weights: Float64Array;
}

const parentOf = (technique: string) => technique.split('.')[0]!;
const minSharedWords = 2;

/** An example's features, as the index reads them (tokenise once, build several indexes). */
export function exampleTokens(example: Pick<EvidenceExample, 'text'>): string[] {
  return tokenizeText(example.text, 2_000);
}

/**
 * The `neighbours` closest of the `touched` examples that share enough words (`sharedWords` 0, a
 * reach through word pairs only, or at least `minSharedWords`), closest first (ties by position):
 * a bounded selection, not a sort of all. The order is total, so the result does not depend on
 * the order examples were touched in; only the chosen become pairs.
 */
function closest(
  touched: Int32Array,
  count: number,
  similarity: Float64Array,
  sharedWords: Int32Array,
  neighbours: number,
): [number, number][] {
  const chosen: number[] = [];
  for (let index = 0; index < count; index++) {
    const example = touched[index]!;
    const shared = sharedWords[example]!;
    if (shared !== 0 && shared < minSharedWords) continue;
    const value = similarity[example]!;
    let position = chosen.length;
    if (position === neighbours) {
      // Full: only one that comes before the last chosen (closer, or as close and earlier) gets in.
      const last = chosen[position - 1]!;
      const lastValue = similarity[last]!;
      if (!(value > lastValue || (value === lastValue && example < last))) continue;
      chosen.pop();
      position--;
    }
    while (position > 0) {
      const other = chosen[position - 1]!;
      const otherValue = similarity[other]!;
      if (!(value > otherValue || (value === otherValue && example < other))) break;
      position--;
    }
    chosen.splice(position, 0, example);
  }
  return chosen.map((example) => [example, similarity[example]!]);
}

const inverseFrequency = (examples: number, frequency: number) => Math.log((examples + 1) / (frequency + 1)) + 1;

/** The index's state computed from its examples. */
export function evidenceIndexState(
  examples: readonly EvidenceExample[],
  options: EvidenceIndexOptions = {},
  /** The examples' features (`exampleTokens`), when already computed. */
  tokens?: readonly (readonly string[])[],
): EvidenceIndexState {
  const tokenized = tokens ?? examples.map(exampleTokens);
  const documentFrequency = new Map<string, number>();
  for (const tokens of tokenized)
    for (const token of new Set(tokens)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  const maxFrequency = Math.max(20, Math.floor(examples.length * (options.maxDocumentShare ?? 0.05)));
  const idf = new Map<string, number>();
  for (const [token, frequency] of documentFrequency) idf.set(token, inverseFrequency(examples.length, frequency));
  const postings = new Map<string, [number[], number[]]>();
  tokenized.forEach((features, example) => {
    for (const [token, weight] of weighted(features, idf)) {
      if (documentFrequency.get(token)! > maxFrequency) continue;
      const list = postings.get(token);
      if (list) {
        list[0].push(example);
        list[1].push(weight);
      } else postings.set(token, [[example], [weight]]);
    }
  });
  const features = [...documentFrequency.keys()];
  const frequency = new Int32Array(features.length);
  const postingEnds = new Int32Array(features.length);
  let total = 0;
  for (const list of postings.values()) total += list[0].length;
  const allExamples = new Int32Array(total);
  const allWeights = new Float64Array(total);
  let end = 0;
  features.forEach((feature, number) => {
    frequency[number] = documentFrequency.get(feature)!;
    const list = postings.get(feature);
    if (list) {
      allExamples.set(list[0], end);
      allWeights.set(list[1], end);
      end += list[0].length;
    }
    postingEnds[number] = end;
  });
  return {
    neighbours: options.neighbours ?? 12,
    features,
    frequency,
    postingEnds,
    examples: allExamples,
    weights: allWeights,
  };
}

export function buildEvidenceIndex(
  examples: readonly EvidenceExample[],
  options: EvidenceIndexOptions = {},
  /** The examples' features (`exampleTokens`), when already computed. */
  tokens?: readonly (readonly string[])[],
): EvidenceIndex & { state: EvidenceIndexState } {
  const state = evidenceIndexState(examples, options, tokens);
  return { ...evidenceIndexFromState(examples, state), state };
}

/** The index of `examples` from its state (built now, or read back from the evidence-model cache). */
export function evidenceIndexFromState(examples: readonly EvidenceExample[], state: EvidenceIndexState): EvidenceIndex {
  const { neighbours, features: stateFeatures, frequency, postingEnds } = state;
  const idf = new Map<string, number>();
  // Feature numbers of the searchable features: their postings are views made when first read.
  const searchable = new Map<string, number>();
  const postingStart = (number: number) => (number === 0 ? 0 : postingEnds[number - 1]!);
  for (let number = 0; number < stateFeatures.length; number++) {
    const feature = stateFeatures[number]!;
    idf.set(feature, inverseFrequency(examples.length, frequency[number]!));
    if (postingEnds[number]! > postingStart(number)) searchable.set(feature, number);
  }
  // A word no example has is the most telling kind: it counts in the query's length, so a text
  // that matches one known word among many unknown ones is not mistaken for a close match.
  const unknownWeight = Math.log(examples.length + 1) + 1;
  // Typed arrays, views of the state's one array each (not one buffer per list): the query loop
  // reads them many million times a run (the same values, exactly).
  type Postings = { examples: Int32Array; weights: Float64Array; word: boolean };
  const views = new Map<string, Postings>();
  const postings = {
    has: (token: string) => searchable.has(token),
    get(token: string): Postings | undefined {
      let list = views.get(token);
      if (list) return list;
      const number = searchable.get(token);
      if (number === undefined) return undefined;
      const start = postingStart(number);
      const end = postingEnds[number]!;
      list = {
        examples: state.examples.subarray(start, end),
        weights: state.weights.subarray(start, end),
        word: !token.includes(' '),
      };
      views.set(token, list);
      return list;
    },
  };
  // Per-query scratch, reused: the similarity and shared-word count of each example the query
  // touched (reset after each query), in place of a map per query.
  const similarity = new Float64Array(examples.length);
  const sharedWords = new Int32Array(examples.length);
  const seen = new Uint8Array(examples.length);
  const touched = new Int32Array(examples.length);
  // An example that shares a word but fewer than `minSharedWords` is dropped (`closest`); one
  // reached only through word pairs (its words too common to search by) is kept.
  // Whether an example is one program run on its own (`systeminfo`, `arp -a`): decided when first
  // needed (one-word queries only), at most one entry per example.
  const bare = new Map<number, boolean>();
  // Per example, when first needed: its parent technique (or benign) and its vote (group and
  // parent), and its features as a set (the words a result shares with its nearest example).
  const parents: (string | undefined)[] = new Array(examples.length);
  const votes: (string | undefined)[] = new Array(examples.length);
  const parentKey = (example: number): string => {
    let key = parents[example];
    if (key === undefined) {
      const { technique } = examples[example]!;
      key = technique === benignLabel ? benignLabel : parentOf(technique);
      parents[example] = key;
    }
    return key;
  };
  const voteKey = (example: number): string => {
    let vote = votes[example];
    if (vote === undefined) {
      vote = `${examples[example]!.group}\n${parentKey(example)}`;
      votes[example] = vote;
    }
    return vote;
  };
  const features = new Map<number, Set<string>>();
  const featuresOf = (example: number): Set<string> => {
    let known = features.get(example);
    if (!known) {
      known = new Set(exampleTokens(examples[example]!));
      features.set(example, known);
    }
    return known;
  };
  const bareExample = (example: number): boolean => {
    let known = bare.get(example);
    if (known === undefined) {
      known = examples[example]!.source === 'atomic-red-team' && isBareProgram(examples[example]!.text.trim());
      bare.set(example, known);
    }
    return known;
  };
  /**
   * The examples that contain every searchable feature of the query (features too common to
   * search by are left out; a word no example has means none contains it), by parent technique,
   * each test, actor or rule counted once: intersected from the rarest feature's postings.
   */
  const containing = (
    query: ReadonlyMap<string, number>,
  ): { byParent: Map<string, number>; sources: number } | undefined => {
    const lists: Int32Array[] = [];
    for (const token of query.keys()) {
      const list = postings.get(token);
      if (list) lists.push(list.examples);
      else if (!idf.has(token)) return undefined;
    }
    if (lists.length === 0) return undefined;
    lists.sort((left, right) => left.length - right.length);
    // Postings are in example order: each step is a merge of two ascending lists.
    let members: number[] = Array.from(lists[0]!);
    for (const list of lists.slice(1)) {
      if (members.length === 0) break;
      const kept: number[] = [];
      let position = 0;
      for (const example of members) {
        while (position < list.length && list[position]! < example) position++;
        if (position < list.length && list[position] === example) kept.push(example);
      }
      members = kept;
    }
    if (members.length === 0) return undefined;
    const voted = new Set<string>();
    const sources = new Set<string>();
    const byParent = new Map<string, number>();
    for (const example of members) {
      const vote = voteKey(example);
      if (voted.has(vote)) continue;
      voted.add(vote);
      sources.add(examples[example]!.group);
      const key = parentKey(example);
      byParent.set(key, (byParent.get(key) ?? 0) + 1);
    }
    return { byParent, sources: sources.size };
  };
  const withContainment = (
    query: ReadonlyMap<string, number>,
    found: EvidenceCandidate[],
    program = false,
  ): EvidenceCandidate[] => {
    if (found.length === 0) return found;
    const contained = containing(query);
    if (!contained) return found;
    const { byParent, sources } = contained;
    let groups = 0;
    let most = '';
    let mostGroups = 0;
    for (const [parent, count] of [...byParent].sort((left, right) => left[0].localeCompare(right[0]))) {
      groups += count;
      if (count > mostGroups) [most, mostGroups] = [parent, count];
    }
    return found.map((candidate) => ({
      ...candidate,
      containedIn: {
        groups,
        named: byParent.get(parentOf(candidate.technique)) ?? 0,
        most,
        mostGroups,
        sources,
        ...(program ? { program: true as const } : {}),
      },
    }));
  };
  /**
   * Candidates for a program run on its own: only when Atomic Red Team runs that same program on
   * its own as an attack command (`systeminfo`, `arp -a`; not `bash`, which no test runs bare),
   * and then by what all the knowledge says the program is used for: every test, actor and rule
   * whose examples name the program votes once per technique. The text is the whole of the
   * known bare command (closeness 1), so the score is the agreement, as for longer texts.
   */
  const programCandidates = (word: string, top: number): EvidenceCandidate[] => {
    const list = postings.get(word);
    if (!list?.examples.some((example) => bareExample(example))) return [];
    const voted = new Set<string>();
    const byParent = new Map<string, { votes: number; example: number; bare: boolean; weight: number }>();
    list.examples.forEach((example, position) => {
      const { technique, group } = examples[example]!;
      const key = technique === benignLabel ? benignLabel : parentOf(technique);
      const vote = `${group}\n${key}`;
      const isBare = bareExample(example);
      const weight = list.weights[position]!;
      const entry = byParent.get(key);
      if (entry && (isBare > entry.bare || (isBare === entry.bare && weight > entry.weight)))
        Object.assign(entry, { example, bare: isBare, weight });
      if (voted.has(vote)) return;
      voted.add(vote);
      if (entry) entry.votes += 1;
      else byParent.set(key, { votes: 1, example, bare: isBare, weight });
    });
    return [...byParent.entries()]
      .filter(([key]) => key !== benignLabel)
      .map(([, entry]) => ({ ...entry, score: Number(Math.sqrt(entry.votes / voted.size).toFixed(4)) }))
      .sort(
        (left, right) =>
          right.score - left.score ||
          examples[left.example]!.technique.localeCompare(examples[right.example]!.technique),
      )
      .slice(0, top)
      .map((entry) => {
        const example = examples[entry.example]!;
        return {
          technique: example.technique,
          score: entry.score,
          nearest: { text: example.text, label: example.label, source: example.source },
          sharedTerms: [word],
        };
      });
  };
  return {
    size: examples.length,
    candidates(text, top = 3) {
      const query = weighted(tokenizeText(text, 2_000), idf, unknownWeight);
      // A text that is one searchable word is a program run on its own (`systeminfo`, `arp -a`).
      const words = [...query.keys()].filter(
        (token) => !token.includes(' ') && (postings.has(token) || !idf.has(token)),
      );
      if (words.length === 1) return withContainment(query, programCandidates(words[0]!, top), true);
      let count = 0;
      for (const [token, weight] of query) {
        const list = postings.get(token);
        if (!list) continue;
        const ids = list.examples;
        const weights = list.weights;
        const word = list.word;
        for (let position = 0; position < ids.length; position++) {
          const example = ids[position]!;
          if (seen[example] === 0) {
            seen[example] = 1;
            touched[count++] = example;
          }
          // Summed in query order, one addition per shared feature.
          similarity[example]! += weight * weights[position]!;
          if (word) sharedWords[example]! += 1;
        }
      }
      let nearest: [number, number][];
      try {
        // Otherwise one shared word is a coincidence, not a resemblance.
        nearest = closest(touched, count, similarity, sharedWords, neighbours);
      } finally {
        for (let index = 0; index < count; index++) {
          const example = touched[index]!;
          similarity[example] = 0;
          sharedWords[example] = 0;
          seen[example] = 0;
        }
      }
      if (nearest.length === 0) return [];
      // Each test, actor or rule votes once (with its closest example), so one test's ten
      // similar lines do not outvote ten different tests.
      let mass = 0;
      const voted = new Set<string>();
      const byParent = new Map<string, { mass: number; best: number; example: number }>();
      for (const [example, value] of nearest) {
        const key = parentKey(example);
        const vote = voteKey(example);
        if (voted.has(vote)) continue;
        voted.add(vote);
        mass += value;
        const entry = byParent.get(key);
        if (!entry) byParent.set(key, { mass: value, best: value, example });
        else entry.mass += value;
      }
      const ranked: Array<{ technique: string; score: number; example: number }> = [];
      for (const [parent, entry] of byParent) {
        if (parent === benignLabel) continue;
        ranked.push({
          technique: examples[entry.example]!.technique,
          score: Number((Math.min(1, entry.best) * Math.sqrt(entry.mass / mass)).toFixed(4)),
          example: entry.example,
        });
      }
      const found = ranked
        .sort((left, right) => right.score - left.score || left.technique.localeCompare(right.technique))
        .slice(0, top)
        .map(({ technique, score, example: position }) => {
          const example = examples[position]!;
          const shared = featuresOf(position);
          return {
            technique,
            score,
            nearest: { text: example.text, label: example.label, source: example.source },
            sharedTerms: [...query.keys()]
              .filter((token) => shared.has(token))
              .sort((left, right) => (idf.get(right) ?? 0) - (idf.get(left) ?? 0))
              .slice(0, 6),
          };
        });
      return withContainment(query, found);
    },
  };
}

/**
 * Sub-linear term frequency × idf, L2-normalised. Features outside the vocabulary are dropped,
 * or, for a query, weighted `unknownWeight` (they lengthen the vector but match nothing).
 */
function weighted(
  tokens: readonly string[],
  idf: ReadonlyMap<string, number>,
  unknownWeight?: number,
): Map<string, number> {
  // Counts first, then each count replaced by its weight in place (same keys, same order).
  const vector = new Map<string, number>();
  for (const token of tokens)
    if (unknownWeight !== undefined || idf.has(token)) vector.set(token, (vector.get(token) ?? 0) + 1);
  let norm = 0;
  for (const [token, count] of vector) {
    const weight = (1 + Math.log(count)) * (idf.get(token) ?? unknownWeight ?? 0);
    vector.set(token, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [token, weight] of vector) vector.set(token, weight / norm);
  return vector;
}
