/**
 * A small learned technique classifier: TF-IDF features (words and word pairs) and a
 * multinomial naive Bayes model with a sparse inverted index, trained locally in seconds
 * from ATT&CK procedure examples and analyst-confirmed incidents. One signal among others:
 * its suggestions are always shown with the evidence they came from, never alone.
 */
import { tokenizeText } from './tokenize-text.js';

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

/** Trains the classifier; deterministic for a given example order. */
export function trainTechniqueClassifier(
  examples: readonly TrainingExample[],
  options: ClassifierOptions = {},
): TechniqueClassifier {
  const smoothing = options.smoothing ?? 0.05;
  const minDocumentFrequency = options.minDocumentFrequency ?? 2;
  const tokenized = examples.map((example) => ({ technique: example.technique, tokens: tokenizeText(example.text) }));
  const documentFrequency = new Map<string, number>();
  for (const { tokens } of tokenized)
    for (const token of new Set(tokens)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [token, frequency] of documentFrequency)
    if (frequency >= minDocumentFrequency)
      vocabulary.set(token, Math.log((tokenized.length + 1) / (frequency + 1)) + 1);
  const techniques = [...new Set(examples.map((example) => example.technique))].sort();
  const techniqueIndex = new Map(techniques.map((technique, index) => [technique, index]));
  const weights = techniques.map(() => new Map<string, number>());
  const totals = new Float64Array(techniques.length);
  for (const { technique, tokens } of tokenized) {
    const vector = tfidf(tokens, vocabulary);
    const index = techniqueIndex.get(technique)!;
    for (const [token, weight] of vector) {
      weights[index]!.set(token, (weights[index]!.get(token) ?? 0) + weight);
      totals[index]! += weight;
    }
  }
  const postings = new Map<string, Posting[]>();
  weights.forEach((techniqueWeights, technique) => {
    for (const [token, weight] of techniqueWeights) {
      const list = postings.get(token) ?? [];
      list.push({ technique, gain: Math.log(weight + smoothing) - Math.log(smoothing) });
      postings.set(token, list);
    }
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
