/**
 * Calibration of inference scores to probabilities, fitted on held-out examples: isotonic
 * regression (pool-adjacent-violators), so a higher score never means a lower probability,
 * and a reliability table (predicted against observed per bin, and the expected calibration
 * error) to report how well the probabilities hold on examples the fit did not see.
 */

export interface ScoredOutcome {
  score: number;
  correct: boolean;
}

export interface Calibration {
  /** Upper score bound and probability of each step, ascending. */
  readonly steps: ReadonlyArray<{ upTo: number; probability: number; count: number }>;
  probability(score: number): number;
}

/** Isotonic fit; with no data every score maps to 0 (nothing is trusted uncalibrated). */
export function fitCalibration(outcomes: readonly ScoredOutcome[]): Calibration {
  const sorted = [...outcomes].sort((left, right) => left.score - right.score);
  const blocks: Array<{ upTo: number; sum: number; count: number }> = [];
  for (const outcome of sorted) {
    blocks.push({ upTo: outcome.score, sum: outcome.correct ? 1 : 0, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (before.sum / before.count < last.sum / last.count) break;
      blocks.splice(blocks.length - 2, 2, {
        upTo: last.upTo,
        sum: before.sum + last.sum,
        count: before.count + last.count,
      });
    }
  }
  return calibrationOf(
    blocks.map((block) => ({
      upTo: block.upTo,
      // A light prior toward 0.5 keeps a small block from claiming certainty.
      probability: Number(((block.sum + 0.5) / (block.count + 1)).toFixed(4)),
      count: block.count,
    })),
  );
}

/** The calibration of fitted steps (ascending upper bounds), e.g. read back from a cache. */
export function calibrationOf(steps: Calibration['steps']): Calibration {
  return {
    steps,
    probability(score) {
      if (steps.length === 0) return 0;
      for (const step of steps) if (score <= step.upTo) return step.probability;
      return steps[steps.length - 1]!.probability;
    },
  };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observed: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  /** Expected calibration error: |predicted − observed| weighted by bin size. */
  expectedCalibrationError: number;
  count: number;
}

export function reliability(
  predictions: ReadonlyArray<{ probability: number; correct: boolean }>,
  binCount = 10,
): Reliability {
  const bins = Array.from({ length: binCount }, (_, index) => ({
    from: index / binCount,
    to: (index + 1) / binCount,
    count: 0,
    predicted: 0,
    correct: 0,
  }));
  for (const prediction of predictions) {
    const bin = bins[Math.min(binCount - 1, Math.floor(prediction.probability * binCount))]!;
    bin.count += 1;
    bin.predicted += prediction.probability;
    bin.correct += prediction.correct ? 1 : 0;
  }
  let error = 0;
  const kept = bins
    .filter((bin) => bin.count > 0)
    .map((bin) => {
      const meanPredicted = bin.predicted / bin.count;
      const observed = bin.correct / bin.count;
      error += (bin.count / predictions.length) * Math.abs(meanPredicted - observed);
      return { from: bin.from, to: bin.to, count: bin.count, meanPredicted, observed };
    });
  return { bins: kept, expectedCalibrationError: error, count: predictions.length };
}
