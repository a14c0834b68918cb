/**
 * A small learned technique classifier: TF-IDF features (words and word pairs) and a
 * multinomial naive Bayes model with a sparse inverted index, trained locally in seconds
 * from ATT&CK procedure examples and analyst-confirmed incidents. One signal among others:
 * its suggestions are always shown with the evidence they came from, never alone.
 */
import { InputInvalidError } from '../../core/index.js';
import { tokenizeText, tokenWords } from './tokenize-text.js';

export interface TrainingExample {
  text: string;
  technique: string;
}

export interface TechniquePrediction {
  technique: string;
  /** Posterior probability among the known techniques (softmax of the log scores). */
  probability: number;
}

export interface ClassifierOptions {
  /** Additive smoothing. Default 0.05. */
  smoothing?: number;
  /** Features seen in fewer documents are dropped. Default 2. */
  minDocumentFrequency?: number;
}

export interface TechniqueClassifier {
  readonly techniques: readonly string[];
  readonly vocabularySize: number;
  readonly trainingExamples: number;
  predict(text: string, top?: number): TechniquePrediction[];
}

interface Posting {
  technique: number;
  /** log(weight + α) − log α: what the feature adds for this technique over an unseen one. */
  gain: number;
}

/**
 * Numbers the features of the training texts: each word by its text, each word pair by its two
 * words' numbers, so no pair's text is built (or hashed) until it is known to be in the vocabulary.
 */
class FeatureNumbers {
  /** Pair keys are `first × stride + second`: exact while there are fewer features than the stride. */
  static readonly stride = 2 ** 26;
  readonly #words = new Map<string, number>();
  readonly #pairs = new Map<number, number>();
  /** Each feature's word, or its pair's two feature numbers. */
  readonly #features: (string | readonly [number, number])[] = [];

  get size(): number {
    return this.#features.length;
  }

  /** The numbers of `words` in order, then of each adjacent pair: `tokenizeText`'s features. */
  of(words: readonly string[]): Int32Array {
    const numbers = new Int32Array(words.length > 0 ? 2 * words.length - 1 : 0);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      let number = this.#words.get(word);
      if (number === undefined) {
        number = this.#add(word);
        this.#words.set(word, number);
      }
      numbers[index] = number;
    }
    for (let index = 1; index < words.length; index++) {
      const first = numbers[index - 1]!;
      const second = numbers[index]!;
      const key = first * FeatureNumbers.stride + second;
      let number = this.#pairs.get(key);
      if (number === undefined) {
        number = this.#add([first, second]);
        this.#pairs.set(key, number);
      }
      numbers[words.length + index - 1] = number;
    }
    return numbers;
  }

  /** The feature's text as `tokenizeText` writes it. */
  text(number: number): string {
    const feature = this.#features[number]!;
    return typeof feature === 'string' ? feature : `${this.text(feature[0])} ${this.text(feature[1])}`;
  }

  #add(feature: string | readonly [number, number]): number {
    if (this.#features.length >= FeatureNumbers.stride)
      throw new InputInvalidError(`the training texts have more than ${FeatureNumbers.stride} distinct features`);
    this.#features.push(feature);
    return this.#features.length - 1;
  }
}

/** Trains the classifier; deterministic for a given example order. */
export function trainTechniqueClassifier(
  examples: readonly TrainingExample[],
  options: ClassifierOptions = {},
): TechniqueClassifier {
  const smoothing = options.smoothing ?? 0.05;
  const minDocumentFrequency = options.minDocumentFrequency ?? 2;
  const features = new FeatureNumbers();
  const documents = examples.map((example) => features.of(tokenWords(example.text)));
  const featureCount = features.size;
  const documentFrequency = new Int32Array(featureCount);
  const lastDocument = new Int32Array(featureCount).fill(-1);
  documents.forEach((numbers, document) => {
    for (const number of numbers)
      if (lastDocument[number] !== document) {
        lastDocument[number] = document;
        documentFrequency[number]! += 1;
      }
  });
  // The inverse document frequency of each feature in the vocabulary (at least 1); 0 for the others.
  const inverseFrequency = new Float64Array(featureCount);
  const vocabulary = new Map<string, number>();
  for (let number = 0; number < featureCount; number++) {
    const frequency = documentFrequency[number]!;
    if (frequency < minDocumentFrequency) continue;
    inverseFrequency[number] = Math.log((documents.length + 1) / (frequency + 1)) + 1;
    vocabulary.set(features.text(number), inverseFrequency[number]!);
  }
  const techniques = [...new Set(examples.map((example) => example.technique))].sort();
  const techniqueIndex = new Map(techniques.map((technique, index) => [technique, index]));
  // Each technique's documents in example order: a technique's sums are taken in the same order as one pass would.
  const documentsOf = techniques.map((): number[] => []);
  examples.forEach((example, document) => {
    documentsOf[techniqueIndex.get(example.technique)!]!.push(document);
  });
  const totals = new Float64Array(techniques.length);
  const postingsOf: (Posting[] | undefined)[] = new Array(featureCount);
  const counts = new Int32Array(featureCount);
  const sums = new Float64Array(featureCount);
  const order: number[] = [];
  const vector: number[] = [];
  const touched: number[] = [];
  documentsOf.forEach((techniqueDocuments, technique) => {
    touched.length = 0;
    for (const document of techniqueDocuments) {
      // The document's TF-IDF vector, as `tfidf` computes it (features in first-seen order).
      order.length = 0;
      for (const number of documents[document]!)
        if (inverseFrequency[number]! > 0 && counts[number]!++ === 0) order.push(number);
      let norm = 0;
      vector.length = 0;
      for (const number of order) {
        const weight = (1 + Math.log(counts[number]!)) * inverseFrequency[number]!;
        vector.push(weight);
        norm += weight * weight;
        counts[number] = 0;
      }
      norm = Math.sqrt(norm) || 1;
      order.forEach((number, position) => {
        const weight = vector[position]! / norm;
        if (sums[number] === 0) touched.push(number);
        sums[number]! += weight;
        totals[technique]! += weight;
      });
    }
    for (const number of touched) {
      const posting = { technique, gain: Math.log(sums[number]! + smoothing) - Math.log(smoothing) };
      const list = postingsOf[number];
      if (list) list.push(posting);
      else postingsOf[number] = [posting];
      sums[number] = 0;
    }
  });
  const postings = new Map<string, Posting[]>();
  postingsOf.forEach((list, number) => {
    if (list) postings.set(features.text(number), list);
  });
  // log p(feature | technique) for an unseen feature; the per-technique normaliser.
  const base = Array.from(totals, (total) => Math.log(smoothing) - Math.log(total + smoothing * vocabulary.size));
  return {
    techniques,
    vocabularySize: vocabulary.size,
    trainingExamples: examples.length,
    predict(text, top = 5) {
      const vector = tfidf(tokenizeText(text), vocabulary);
      if (vector.size === 0 || techniques.length === 0) return [];
      let mass = 0;
      for (const weight of vector.values()) mass += weight;
      const scores = base.map((value) => value * mass);
      for (const [token, weight] of vector) {
        for (const posting of postings.get(token) ?? []) scores[posting.technique]! += weight * posting.gain;
      }
      const best = Math.max(...scores);
      let sum = 0;
      const exponentials = scores.map((score) => {
        const value = Math.exp(score - best);
        sum += value;
        return value;
      });
      return exponentials
        .map((value, index) => ({ technique: techniques[index]!, probability: value / sum }))
        .sort((left, right) => right.probability - left.probability || left.technique.localeCompare(right.technique))
        .slice(0, top)
        .map((prediction) => ({ ...prediction, probability: Number(prediction.probability.toFixed(4)) }));
    },
  };
}

/** Sub-linear term frequency × idf, L2-normalised; unknown features dropped. */
function tfidf(tokens: readonly string[], vocabulary: ReadonlyMap<string, number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) if (vocabulary.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [token, count] of counts) {
    const weight = (1 + Math.log(count)) * vocabulary.get(token)!;
    vector.set(token, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [token, weight] of vector) vector.set(token, weight / norm);
  return vector;
}
