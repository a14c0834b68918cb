/**
 * Feeds rule track records into any reasoner's confidence: a decorator around `correlate` that
 * lowers the sequence confidence when analysts judged this incident's rules false or benign
 * before, and raises it a little when they confirmed them. Each change is given as a reason.
 * The plan stage sees the adjusted sequence, and the policy reads its confidence.
 */
import type { Reasoner } from '../reason/index.js';
import type { TrackRecords } from './track-records.js';

export interface TrackRecordAdjustment {
  incidentId: string;
  delta: number;
  reasons: string[];
  /** Rules whose past verdicts were used. */
  ruleIds: string[];
}

export interface FeedbackAwareOptions {
  /** Verdicts a rule needs before its record counts. Default 1. */
  minimumVerdicts?: number;
  /** Told about every adjustment (for knowledge-reuse accounting). */
  onAdjust?: (adjustment: TrackRecordAdjustment) => void;
}

const clamp = (value: number) => Number(Math.min(0.95, Math.max(0.05, value)).toFixed(2));

/** The confidence change rule track records call for, and why. */
export function ruleRecordAdjustment(
  records: TrackRecords,
  ruleIds: readonly string[],
  minimumVerdicts = 1,
): Omit<TrackRecordAdjustment, 'incidentId'> {
  const judged = [...new Set(ruleIds)]
    .map((ruleId) => records.rules.get(ruleId))
    .filter((record) => record !== undefined && record.truePositives + record.falsePositives >= minimumVerdicts);
  if (judged.length === 0) return { delta: 0, reasons: [], ruleIds: [] };
  const precision = judged.reduce((sum, record) => sum + (record!.precision ?? 0), 0) / judged.length;
  const worst = judged.reduce((low, record) => ((record!.precision ?? 0) < (low!.precision ?? 0) ? record : low))!;
  const ids = judged.map((record) => record!.ruleId);
  if (precision < 0.5) {
    const delta = -Number((0.4 * (0.5 - precision) + 0.1).toFixed(2));
    return {
      delta,
      ruleIds: ids,
      reasons: [
        `track record: analysts judged rule ${worst.ruleId} false or benign in ${worst.falsePositives} of ${worst.truePositives + worst.falsePositives} past incident(s) (${delta.toFixed(2)})`,
      ],
    };
  }
  if (precision >= 0.8) {
    const confirmed = judged.reduce((sum, record) => sum + record!.truePositives, 0);
    return {
      delta: 0.05,
      ruleIds: ids,
      reasons: [`track record: analysts confirmed these rules in ${confirmed} past incident(s) (+0.05)`],
    };
  }
  return {
    delta: 0,
    ruleIds: ids,
    reasons: [`track record: these rules have a mixed record (precision ${precision.toFixed(2)})`],
  };
}

export function withTrackRecords(
  reasoner: Reasoner,
  records: TrackRecords,
  options: FeedbackAwareOptions = {},
): Reasoner {
  return {
    name: reasoner.name,
    contextualise: (input) => reasoner.contextualise(input),
    correlate: async (input, context) => {
      const sequence = await reasoner.correlate(input, context);
      const adjustment = ruleRecordAdjustment(
        records,
        input.alerts.map((alert) => alert.ruleId),
        options.minimumVerdicts ?? 1,
      );
      if (adjustment.reasons.length === 0) return sequence;
      options.onAdjust?.({ incidentId: input.incident.id, ...adjustment });
      return {
        ...sequence,
        confidence: clamp(sequence.confidence + adjustment.delta),
        confidenceReasons: [...sequence.confidenceReasons, ...adjustment.reasons],
      };
    },
    plan: (input, context, sequence) => reasoner.plan(input, context, sequence),
  };
}
