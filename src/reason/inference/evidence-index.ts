/**
 * Nearest known behaviour: a TF-IDF index over labelled examples (attack commands, procedure
 * sentences, rule values, benign look-alikes) searched with a sparse inverted index. A text's
 * candidate techniques are the parent techniques of its nearest examples, scored by how close
 * the nearest one is and how much of the neighbourhood agrees; benign neighbours take their
 * share of the vote and are never reported. Every candidate names its nearest example and the
 * words they share: the reason a person can check.
 */
import { tokenizeText } from '../classifier/tokenize-text.js';
import { benignLabel, type EvidenceExample } from './evidence-examples.js';

export interface EvidenceCandidate {
  /** The technique of the nearest example within the winning parent (a sub-technique when it is one). */
  technique: string;
  /** Uncalibrated score in [0, 1]: closeness of the nearest example × agreement of the neighbourhood. */
  score: number;
  nearest: Pick<EvidenceExample, 'text' | 'label' | 'source'>;
  /** Words and word pairs the text shares with its nearest example, most telling first. */
  sharedTerms: string[];
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

const parentOf = (technique: string) => technique.split('.')[0]!;
const minSharedWords = 2;

interface Posting {
  example: number;
  weight: number;
}

/** An example's features, as the index reads them (tokenise once, build several indexes). */
export function exampleTokens(example: Pick<EvidenceExample, 'text'>): string[] {
  return tokenizeText(example.text, 2_000);
}

/** The `neighbours` closest examples, closest first (ties by position): a bounded selection, not a sort of all. */
function closest(similarity: ReadonlyMap<number, number>, neighbours: number): [number, number][] {
  const best: [number, number][] = [];
  const before = (left: [number, number], right: [number, number]) =>
    left[1] > right[1] || (left[1] === right[1] && left[0] < right[0]);
  for (const entry of similarity) {
    if (best.length === neighbours && !before(entry, best[best.length - 1]!)) continue;
    let position = best.length === neighbours ? best.length - 1 : best.length;
    if (best.length === neighbours) best.pop();
    while (position > 0 && before(entry, best[position - 1]!)) position--;
    best.splice(position, 0, entry);
  }
  return best;
}

export function buildEvidenceIndex(
  examples: readonly EvidenceExample[],
  options: EvidenceIndexOptions = {},
  /** The examples' features (`exampleTokens`), when already computed. */
  tokens?: readonly (readonly string[])[],
): EvidenceIndex {
  const neighbours = options.neighbours ?? 12;
  const tokenized = tokens ?? examples.map(exampleTokens);
  const documentFrequency = new Map<string, number>();
  for (const tokens of tokenized)
    for (const token of new Set(tokens)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  const maxFrequency = Math.max(20, Math.floor(examples.length * (options.maxDocumentShare ?? 0.05)));
  const idf = new Map<string, number>();
  for (const [token, frequency] of documentFrequency)
    idf.set(token, Math.log((examples.length + 1) / (frequency + 1)) + 1);
  // A word no example has is the most telling kind: it counts in the query's length, so a text
  // that matches one known word among many unknown ones is not mistaken for a close match.
  const unknownWeight = Math.log(examples.length + 1) + 1;
  const postings = new Map<string, Posting[]>();
  tokenized.forEach((features, example) => {
    for (const [token, weight] of weighted(features, idf)) {
      if (documentFrequency.get(token)! > maxFrequency) continue;
      const list = postings.get(token);
      if (list) list.push({ example, weight });
      else postings.set(token, [{ example, weight }]);
    }
  });
  return {
    size: examples.length,
    candidates(text, top = 3) {
      const query = weighted(tokenizeText(text, 2_000), idf, unknownWeight);
      const similarity = new Map<number, number>();
      const sharedWords = new Map<number, number>();
      for (const [token, weight] of query) {
        const list = postings.get(token);
        if (!list) continue;
        const word = !token.includes(' ');
        for (const posting of list) {
          similarity.set(posting.example, (similarity.get(posting.example) ?? 0) + weight * posting.weight);
          if (word) sharedWords.set(posting.example, (sharedWords.get(posting.example) ?? 0) + 1);
        }
      }
      // One shared word is a coincidence, not a resemblance.
      for (const [example, count] of sharedWords) if (count < minSharedWords) similarity.delete(example);
      if (similarity.size === 0) return [];
      const nearest = closest(similarity, neighbours);
      if (nearest.length === 0) return [];
      // Each test, actor or rule votes once (with its closest example), so one test's ten
      // similar lines do not outvote ten different tests.
      let mass = 0;
      const voted = new Set<string>();
      const byParent = new Map<string, { mass: number; best: number; example: number }>();
      for (const [example, value] of nearest) {
        const { technique, group } = examples[example]!;
        const key = technique === benignLabel ? benignLabel : parentOf(technique);
        const vote = `${group}\n${key}`;
        if (voted.has(vote)) continue;
        voted.add(vote);
        mass += value;
        const entry = byParent.get(key);
        if (!entry) byParent.set(key, { mass: value, best: value, example });
        else entry.mass += value;
      }
      const ranked: EvidenceCandidate[] = [];
      for (const [parent, entry] of byParent) {
        if (parent === benignLabel) continue;
        const example = examples[entry.example]!;
        ranked.push({
          technique: example.technique,
          score: Number((Math.min(1, entry.best) * Math.sqrt(entry.mass / mass)).toFixed(4)),
          nearest: { text: example.text, label: example.label, source: example.source },
          sharedTerms: [...query.keys()]
            .filter((token) => tokenized[entry.example]!.includes(token))
            .sort((left, right) => (idf.get(right) ?? 0) - (idf.get(left) ?? 0))
            .slice(0, 6),
        });
      }
      return ranked
        .sort((left, right) => right.score - left.score || left.technique.localeCompare(right.technique))
        .slice(0, top);
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
  const counts = new Map<string, number>();
  for (const token of tokens)
    if (idf.has(token) || unknownWeight !== undefined) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [token, count] of counts) {
    const weight = (1 + Math.log(count)) * (idf.get(token) ?? unknownWeight ?? 0);
    vector.set(token, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [token, weight] of vector) vector.set(token, weight / norm);
  return vector;
}
