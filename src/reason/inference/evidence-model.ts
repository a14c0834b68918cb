/**
 * The evidence model: the nearest-behaviour index over every labelled example, with scores
 * calibrated on held-out examples. Examples are split by their group (an Atomic test, an ATT&CK
 * actor, a Sigma rule) so no test, actor or rule is on both sides; the calibration is fitted on
 * one held-out part and its reliability reported on another, per source.
 */
import { createHash } from 'node:crypto';
import { buildingBlock } from './building-block.js';
import { type Calibration, calibrationOf, fitCalibration, type Reliability, reliability } from './calibration.js';
import { benignLabel, type EvidenceExample, type EvidenceSource } from './evidence-examples.js';
import {
  buildEvidenceIndex,
  type EvidenceCandidate,
  type EvidenceIndex,
  type EvidenceIndexState,
  evidenceIndexFromState,
  exampleTokens,
} from './evidence-index.js';

export interface CalibratedCandidate extends EvidenceCandidate {
  /** Calibrated probability that the text shows this (parent) technique. */
  confidence: number;
}

export interface SourceEvaluation {
  source: EvidenceSource;
  examples: number;
  /** Held-out examples the index made any prediction for. */
  predicted: number;
  /** Held-out attack examples whose top candidate has the right parent technique (benign: none reported above 0.5). */
  top1Parent: number;
  reliability: Reliability;
}

export interface EvidenceModelEvaluation {
  trainExamples: number;
  calibrationExamples: number;
  testExamples: number;
  /** Reliability on the test part of the sources the calibration was fitted on. */
  overall: Reliability;
  bySource: SourceEvaluation[];
  calibrationSources: EvidenceSource[];
}

export interface EvidenceModel {
  readonly examples: number;
  readonly sources: Readonly<Partial<Record<EvidenceSource, number>>>;
  readonly calibration: Calibration;
  readonly evaluation: EvidenceModelEvaluation;
  /** Whether this model was trained in this process or read back from the evidence-model cache. */
  readonly origin: 'trained' | 'cache';
  infer(text: string, top?: number): CalibratedCandidate[];
  /** The model as plain data, to store (evidence-model-cache.ts) and restore with restoreEvidenceModel(). */
  snapshot(): EvidenceModelSnapshot;
}

/** Everything a trained model is, as plain data: restoring it gives the same predictions. */
export interface EvidenceModelSnapshot {
  examples: EvidenceExample[];
  calibration: Array<{ upTo: number; probability: number; count: number }>;
  index: EvidenceIndexState;
  heldOutShare: number;
  calibrationSources: EvidenceSource[];
}

export interface EvidenceModelOptions {
  /** Share of groups held out for calibration and for the reliability test (each). Default 0.15. */
  heldOutShare?: number;
  /** Sources the calibration is fitted on: those that look like the event text it is applied to. */
  calibrationSources?: readonly EvidenceSource[];
}

const parentOf = (technique: string) => technique.split('.')[0]!;

/** Deterministic position of a group in [0, 1). */
function bucketOf(group: string): number {
  return createHash('sha256').update(group).digest().readUInt32BE(0) / 0x1_0000_0000;
}

interface HeldOutOutcome {
  source: EvidenceSource;
  score: number;
  correct: boolean;
}

/** Lets timers and I/O run between slices of training, so a long-running process stays responsive. */
const pause = () => new Promise<void>((resume) => setImmediate(resume));

function outcomeOf(index: EvidenceIndex, example: EvidenceExample): HeldOutOutcome | undefined {
  const [best] = index.candidates(example.text, 1);
  if (!best) return undefined;
  return {
    source: example.source,
    score: best.score,
    correct: example.technique !== benignLabel && parentOf(best.technique) === parentOf(example.technique),
  };
}

function outcomesNow(index: EvidenceIndex, examples: readonly EvidenceExample[]): HeldOutOutcome[] {
  return examples.flatMap((example) => outcomeOf(index, example) ?? []);
}

async function outcomesOf(index: EvidenceIndex, examples: readonly EvidenceExample[]): Promise<HeldOutOutcome[]> {
  const outcomes: HeldOutOutcome[] = [];
  for (const [position, example] of examples.entries()) {
    if (position % 200 === 199) await pause();
    const outcome = outcomeOf(index, example);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

interface Split {
  train: EvidenceExample[];
  trainTokens: string[][];
  calibrate: EvidenceExample[];
  test: EvidenceExample[];
}

/** Whole groups into train, calibration and test parts, by their deterministic position. */
function splitExamples(examples: readonly EvidenceExample[], share: number, tokens: readonly string[][]): Split {
  const split: Split = { train: [], trainTokens: [], calibrate: [], test: [] };
  examples.forEach((example, position) => {
    const bucket = bucketOf(example.group);
    if (bucket < share) split.calibrate.push(example);
    else if (bucket < 2 * share) split.test.push(example);
    else {
      split.train.push(example);
      split.trainTokens.push(tokens[position]!);
    }
  });
  return split;
}

/** The options with their defaults filled (what a model is trained with, and what keys its cache entry). */
export function evidenceModelDefaults(options: EvidenceModelOptions = {}): {
  heldOutShare: number;
  calibrationSources: EvidenceSource[];
} {
  return {
    heldOutShare: options.heldOutShare ?? 0.15,
    calibrationSources: [...(options.calibrationSources ?? ['atomic-red-team', 'sigma-rule', 'sigma-filter'])],
  };
}

export async function trainEvidenceModel(
  examples: readonly EvidenceExample[],
  options: EvidenceModelOptions = {},
): Promise<EvidenceModel> {
  const { heldOutShare: share, calibrationSources } = evidenceModelDefaults(options);
  // Each example is tokenised once, for both the held-out index and the full one.
  const tokens = examples.map(exampleTokens);
  const { train, trainTokens, calibrate, test } = splitExamples(examples, share, tokens);
  await pause();
  const heldOutIndex = buildEvidenceIndex(train, {}, trainTokens);
  await pause();
  const fitted = calibrationSources as readonly string[];
  const calibration = fitCalibration(
    await outcomesOf(
      heldOutIndex,
      calibrate.filter((example) => fitted.includes(example.source)),
    ),
  );
  await pause();
  const index = buildEvidenceIndex(examples, {}, tokens);
  return modelOf({
    origin: 'trained',
    examples: [...examples],
    calibration,
    index,
    state: index.state,
    heldOutShare: share,
    calibrationSources,
    // The reliability report needs the test part classified by the held-out index: done when it
    // is first read (the calibration bench, `vigil kb`), not on every run that only infers.
    evaluate: () =>
      evaluationOf(heldOutIndex, calibration, test, sourcesOf(examples), calibrationSources, {
        trainExamples: train.length,
        calibrationExamples: calibrate.length,
      }),
  });
}

/**
 * The model a snapshot describes, without training: the same index, calibration and so the same
 * predictions. Its reliability report is recomputed (held-out index and all) when first read.
 */
export function restoreEvidenceModel(snapshot: EvidenceModelSnapshot): EvidenceModel {
  const { examples, heldOutShare, calibrationSources } = snapshot;
  const calibration = calibrationOf(snapshot.calibration);
  return modelOf({
    origin: 'cache',
    examples,
    calibration,
    index: evidenceIndexFromState(examples, snapshot.index),
    state: snapshot.index,
    heldOutShare,
    calibrationSources,
    evaluate: () => {
      const { train, trainTokens, calibrate, test } = splitExamples(
        examples,
        heldOutShare,
        examples.map(exampleTokens),
      );
      return evaluationOf(
        buildEvidenceIndex(train, {}, trainTokens),
        calibration,
        test,
        sourcesOf(examples),
        calibrationSources,
        { trainExamples: train.length, calibrationExamples: calibrate.length },
      );
    },
  });
}

const sourcesOf = (examples: readonly EvidenceExample[]) =>
  [...new Set(examples.map((example) => example.source))].sort();

function modelOf(parts: {
  origin: EvidenceModel['origin'];
  examples: EvidenceExample[];
  calibration: Calibration;
  index: EvidenceIndex;
  state: EvidenceIndexState;
  heldOutShare: number;
  calibrationSources: EvidenceSource[];
  evaluate: () => EvidenceModelEvaluation;
}): EvidenceModel {
  const { examples, calibration, index } = parts;
  let evaluation: EvidenceModelEvaluation | undefined;
  const counts: Partial<Record<EvidenceSource, number>> = {};
  for (const example of examples) counts[example.source] = (counts[example.source] ?? 0) + 1;
  // Results by text: the same behaviour recurs across hosts, incidents and data sets (bounded).
  const memo = new Map<string, CalibratedCandidate[]>();
  const memoTop = 3;
  return {
    examples: examples.length,
    origin: parts.origin,
    sources: counts,
    calibration,
    get evaluation() {
      evaluation ??= parts.evaluate();
      return evaluation;
    },
    infer(text, top = 3) {
      const cached = top <= memoTop ? memo.get(text) : undefined;
      if (cached) return cached.slice(0, top);
      const found = index
        .candidates(text, Math.max(top, memoTop))
        .map((candidate) => ({ ...candidate, confidence: containedConfidence(candidate, calibration) }))
        // A building block's bounded confidence may fall below the next candidate's (stable sort).
        .sort((left, right) => right.confidence - left.confidence);
      if (memo.size >= maxMemo) memo.delete(memo.keys().next().value!);
      memo.set(text, found);
      return found.slice(0, top);
    },
    snapshot: () => ({
      examples,
      calibration: calibration.steps.map((step) => ({ ...step })),
      index: parts.state,
      heldOutShare: parts.heldOutShare,
      calibrationSources: parts.calibrationSources,
    }),
  };
}

/**
 * A candidate's calibrated confidence, bounded when the text is a building block of known
 * procedures (`buildingBlock`): then it says this technique no more often than the share of the
 * known examples containing it that are of it.
 */
export function containedConfidence(candidate: EvidenceCandidate, calibration: Calibration): number {
  const confidence = calibration.probability(candidate.score);
  const block = buildingBlock(candidate.containedIn);
  return block ? Math.min(confidence, block.bound) : confidence;
}

/** Texts whose inference a model remembers (oldest forgotten first). */
const maxMemo = 20_000;

function evaluationOf(
  heldOutIndex: EvidenceIndex,
  calibration: Calibration,
  test: readonly EvidenceExample[],
  sources: readonly EvidenceSource[],
  calibrationSources: EvidenceSource[],
  sizes: { trainExamples: number; calibrationExamples: number },
): EvidenceModelEvaluation {
  const fitted = calibrationSources as readonly string[];
  const tested = outcomesNow(heldOutIndex, test);
  const bySource = sources.map((source) => {
    const outcomes = tested.filter((outcome) => outcome.source === source);
    const predictions = outcomes.map((outcome) => ({
      probability: calibration.probability(outcome.score),
      correct: outcome.correct,
    }));
    const benign = source === 'sigma-filter';
    return {
      source,
      examples: test.filter((example) => example.source === source).length,
      predicted: outcomes.length,
      top1Parent:
        outcomes.length === 0
          ? 0
          : (benign
              ? predictions.filter((prediction) => prediction.probability < 0.5).length
              : outcomes.filter((outcome) => outcome.correct).length) / outcomes.length,
      reliability: reliability(predictions),
    };
  });
  const overall = reliability(
    tested
      .filter((outcome) => fitted.includes(outcome.source))
      .map((outcome) => ({ probability: calibration.probability(outcome.score), correct: outcome.correct })),
  );
  return { ...sizes, testExamples: test.length, overall, bySource, calibrationSources };
}
