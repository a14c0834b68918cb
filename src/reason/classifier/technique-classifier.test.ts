import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { evaluateClassifier, splitByActor } from './evaluate-classifier.js';
import { readProcedureLines } from './read-bundle-procedures.js';
import { type TrainingExample, trainTechniqueClassifier } from './technique-classifier.js';
import { tokenizeText } from './tokenize-text.js';

/** The trainer as it was written first (string features in maps): the new one must predict exactly as it does. */
function referencePredictor(examples: readonly TrainingExample[], smoothing: number, minDocumentFrequency: number) {
  const tfidf = (tokens: readonly string[], vocabulary: ReadonlyMap<string, number>) => {
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
  };
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
    const index = techniqueIndex.get(technique)!;
    for (const [token, weight] of tfidf(tokens, vocabulary)) {
      weights[index]!.set(token, (weights[index]!.get(token) ?? 0) + weight);
      totals[index]! += weight;
    }
  }
  const postings = new Map<string, { technique: number; gain: number }[]>();
  weights.forEach((techniqueWeights, technique) => {
    for (const [token, weight] of techniqueWeights)
      postings.set(token, [
        ...(postings.get(token) ?? []),
        { technique, gain: Math.log(weight + smoothing) - Math.log(smoothing) },
      ]);
  });
  const base = Array.from(totals, (total) => Math.log(smoothing) - Math.log(total + smoothing * vocabulary.size));
  return {
    techniques,
    vocabularySize: vocabulary.size,
    predict(text: string, top = 5) {
      const vector = tfidf(tokenizeText(text), vocabulary);
      if (vector.size === 0 || techniques.length === 0) return [];
      let mass = 0;
      for (const weight of vector.values()) mass += weight;
      const scores = base.map((value) => value * mass);
      for (const [token, weight] of vector)
        for (const posting of postings.get(token) ?? []) scores[posting.technique]! += weight * posting.gain;
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

const examples = [
  { text: 'APT1 dumped LSASS process memory with procdump to steal credentials', technique: 'T1003.001' },
  { text: 'The malware reads lsass memory using MiniDump to get credentials', technique: 'T1003.001' },
  { text: 'It used PowerShell scripts with encoded commands to download payloads', technique: 'T1059.001' },
  { text: 'Actors ran powershell -enc to execute a script in memory', technique: 'T1059.001' },
  { text: 'The group created a scheduled task with schtasks for persistence', technique: 'T1053.005' },
  { text: 'schtasks /create was used to run the payload every hour', technique: 'T1053.005' },
];

describe('technique classifier', () => {
  it('learns techniques from procedure sentences and ranks them', () => {
    const classifier = trainTechniqueClassifier(examples, { minDocumentFrequency: 1 });
    expect(classifier.techniques).toEqual(['T1003.001', 'T1053.005', 'T1059.001']);
    expect(classifier.predict('procdump.exe -ma lsass.exe lsass.dmp')[0]?.technique).toBe('T1003.001');
    expect(classifier.predict('powershell.exe -enc SQBFAFgA')[0]?.technique).toBe('T1059.001');
    expect(classifier.predict('schtasks /create /tn updater /tr c:\\temp\\a.exe')[0]?.technique).toBe('T1053.005');
    const probabilities = classifier.predict('lsass', 3).map((prediction) => prediction.probability);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 2);
  });

  it('says nothing for text it has no features for', () => {
    const classifier = trainTechniqueClassifier(examples, { minDocumentFrequency: 1 });
    expect(classifier.predict('zzzz qqqq')).toEqual([]);
  });

  it('predicts exactly as the first trainer did (differential, 300 training sets)', () => {
    const word = fc.constantFrom('lsass', 'dump', 'memory', 'powershell', 'enc', 'the', 'task', '2020', 'a$b', 'x');
    const text = fc
      .array(fc.oneof(word, fc.constantFrom(' ', '(Citation: X)', '[link](u)', '<b>', '-', 'Dump')), { maxLength: 14 })
      .map((parts) => parts.join(' '));
    const example = fc.record({ text, technique: fc.constantFrom('T1003', 'T1059.001', 'T1053') });
    fc.assert(
      fc.property(
        fc.array(example, { maxLength: 30 }),
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(1, 2, 3),
        fc.constantFrom(0.05, 0.5),
        (examples, queries, minDocumentFrequency, smoothing) => {
          const trained = trainTechniqueClassifier(examples, { minDocumentFrequency, smoothing });
          const reference = referencePredictor(examples, smoothing, minDocumentFrequency);
          expect(trained.techniques).toEqual(reference.techniques);
          expect(trained.vocabularySize).toBe(reference.vocabularySize);
          for (const query of [...queries, ...examples.slice(0, 3).map((item) => item.text)])
            expect(trained.predict(query, 10)).toEqual(reference.predict(query, 10));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits by actor so no group or software is in both halves', () => {
    const split = splitByActor(
      Array.from({ length: 200 }, (_, index) => ({ text: `t${index}`, technique: 'T1000', actorId: `G${index % 40}` })),
      0.2,
    );
    const trainActors = new Set(split.train.map((example) => example.actorId));
    expect(split.test.every((example) => !trainActors.has(example.actorId))).toBe(true);
    expect(split.test.length).toBeGreaterThan(0);
  });
});

describeWithShared('technique classifier on ATT&CK procedure examples (held out by group/software)', () => {
  it('reaches useful top-1 and top-5 accuracy and retrains in seconds', async () => {
    const { examples: all } = await readProcedureLines(sharedPath('attack', 'procedure-examples.jsonl'));
    const result = evaluateClassifier(all, 0.2);
    console.log(
      `classifier: ${result.trainExamples} train / ${result.testExamples} test examples, ${result.techniques} techniques; ` +
        `top-1 ${(result.top1 * 100).toFixed(1)}%, top-5 ${(result.top5 * 100).toFixed(1)}%; ` +
        `parent technique top-1 ${(result.parentTop1 * 100).toFixed(1)}%, top-5 ${(result.parentTop5 * 100).toFixed(1)}%; ` +
        `trained in ${result.trainMs.toFixed(0)} ms`,
    );
    expect(result.top1).toBeGreaterThan(0.55);
    expect(result.top5).toBeGreaterThan(0.78);
    expect(result.trainMs).toBeLessThan(15_000);
  }, 60_000);
});
