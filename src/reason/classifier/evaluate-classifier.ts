/** Held-out evaluation of the technique classifier, split by group/software so no actor's text leaks. */
import { createHash } from 'node:crypto';
import type { ProcedureExample } from './read-bundle-procedures.js';
import { type ClassifierOptions, trainTechniqueClassifier } from './technique-classifier.js';

export interface ClassifierEvaluation {
  trainExamples: number;
  testExamples: number;
  techniques: number;
  top1: number;
  top5: number;
  /** Counting a prediction of the right parent technique (T1003 for T1003.001) as a hit. */
  parentTop1: number;
  parentTop5: number;
  trainMs: number;
}

/** Deterministic split: an actor goes to the test half when its hash falls under `testShare`. */
export function splitByActor<T extends { actorId: string }>(
  examples: readonly T[],
  testShare: number,
): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const example of examples) {
    const bucket = createHash('sha256').update(example.actorId).digest().readUInt32BE(0) / 0x1_0000_0000;
    (bucket < testShare ? test : train).push(example);
  }
  return { train, test };
}

const parentOf = (technique: string): string => technique.split('.')[0]!;

export function evaluateClassifier(
  examples: readonly ProcedureExample[],
  testShare: number,
  options: ClassifierOptions = {},
): ClassifierEvaluation {
  const { train, test } = splitByActor(examples, testShare);
  const started = performance.now();
  const classifier = trainTechniqueClassifier(train, options);
  const trainMs = performance.now() - started;
  let top1 = 0;
  let top5 = 0;
  let parentTop1 = 0;
  let parentTop5 = 0;
  for (const example of test) {
    const predictions = classifier.predict(example.text, 5).map((prediction) => prediction.technique);
    if (predictions[0] === example.technique) top1 += 1;
    if (predictions.includes(example.technique)) top5 += 1;
    const parents = predictions.map(parentOf);
    if (parents[0] === parentOf(example.technique)) parentTop1 += 1;
    if (parents.includes(parentOf(example.technique))) parentTop5 += 1;
  }
  const share = (count: number) => (test.length === 0 ? 0 : count / test.length);
  return {
    trainExamples: train.length,
    testExamples: test.length,
    techniques: classifier.techniques.length,
    top1: share(top1),
    top5: share(top5),
    parentTop1: share(parentTop1),
    parentTop5: share(parentTop5),
    trainMs,
  };
}
