/**
 * Which techniques an incident reports: each technique the detections claim, or the evidence
 * inference finds, gets a confidence from its evidence, in words:
 *   - the strongest alert claiming it (by level; a correlation rule, a pattern over many events,
 *     a tenth more), a little more for each further rule;
 *   - evidence inference on the same events (or on another event of the same process) naming
 *     the same (parent) technique corroborates it (noisy-OR with the inference's calibrated
 *     confidence); an inference on an unrelated event of the incident does not: a login on one
 *     host says nothing about a service installed on another;
 *   - a rule that fires on a host through most of that host's history is baseline-common there,
 *     and counts for half; so does a detection whose evidence is routine (the same behaviour
 *     through the recording on its host, or by its account: `routine-evidence.ts`), and a
 *     technique only baseline-common alerts claim takes no corroboration from inference on
 *     that same routine evidence;
 *   - an inference whose nearest known example is a selection of a rule claiming the technique is
 *     that rule restating its own match (the evidence model learns the rules' detection values as
 *     weak labels), not a second witness: it does not corroborate the claim;
 *   - a technique only weak detections claim (low or informational, `isWeakAlert`) needs
 *     corroboration to be reported: a second detection or an inference naming it; one weak rule,
 *     however often it fires, is context (its author judged it weak); a detection of the
 *     background (counted at half: shared infrastructure, routine, baseline-common) is neither
 *     the strong claim nor the second detection;
 *   - a rule that tags several techniques claims only those its matched evidence supports
 *     (`tag-support.ts`: the log the event came from is one ATT&CK sees the technique in, or
 *     inference on the event names it); the other tags stay as context, cited with the reason; so
 *     does a hidden-stream tag on a download's own data or Mark of the Web (`alternate-stream.ts`);
 *   - a technique only inference names needs the confidence `inferenceThreshold` asks of its field;
 *   - an inference alert (behaviour no rule covered, nearest a known procedure) is that inference,
 *     not a second witness: it counts at the inference's own calibrated confidence and is never
 *     corroborated by itself; a rule on the same events is what corroborates it;
 *   - behaviour that recurs through its host's record (the same text seen again and again from the
 *     start of the record to its end: `HostBaseline.recurring`) is a running program's loop or the
 *     background, not a step: an inference from it neither corroborates nor names a technique, and
 *     an inference alert on it counts for half.
 * Techniques at or above the reporting threshold are the attack's; the rest stay as context,
 * with their evidence and the reason they are not reported.
 */
import type { Alert, EvidenceRef } from '../../core/index.js';
import { isWeakAlert } from '../../correlate/index.js';
import type { EvidenceInference } from '../inference/infer-evidence.js';
import { inferenceReason, inferenceThreshold } from '../inference/infer-evidence.js';
import { restatesRule } from '../inference/restates-rule.js';
import type { ReasoningInput } from '../reasoner.js';
import { notHiddenStreamTags } from './alternate-stream.js';
import type { ResolvedAlert } from './resolve-techniques.js';
import { unsupportedTags } from './tag-support.js';

export interface TechniqueAssessment {
  id: string;
  confidence: number;
  reported: boolean;
  basis: Array<'rule' | 'indicator' | 'inference'>;
  reasons: string[];
  evidence: EvidenceRef[];
  /**
   * The alerts the claim rests on: of those whose evidence shows it, the strongest kind (an alert
   * of the host's background, routine or shared infrastructure, counted at half, only when no
   * other claims it; a weak one only when no strong one does). The others claiming it ride along
   * and stay context: for a reported technique, these are the reported evidence.
   */
  carriers: string[];
}

/** Rank of a claim: full weight before background (counted at half), strong before weak. */
const claimRank = (common: boolean, weak: boolean) => (common ? 0 : 2) + (weak ? 0 : 1);

/** Confidence a single alert of each level gives the techniques it claims. */
const levelWeight: Record<Alert['severity'], number> = {
  informational: 0.25,
  low: 0.4,
  medium: 0.55,
  high: 0.7,
  critical: 0.8,
};
export const reportThreshold = 0.5;
const maxEvidence = 10;

const parentOf = (id: string) => id.split('.')[0]!;
const round = (value: number) => Number(value.toFixed(2));

/** The process an event belongs to (host and process GUID, else host and pid), when the event names one. */
function processOf(input: ReasoningInput, eventId: string): string | undefined {
  const event = input.events.get(eventId);
  const process = event?.process;
  if (!event || !process) return undefined;
  const host = event.host?.name?.toLowerCase().split('.')[0] ?? '';
  if (process.entityId) return `${host}\n${process.entityId.toLowerCase()}`;
  return process.pid !== undefined ? `${host}\n${process.pid}` : undefined;
}

function hostOf(input: ReasoningInput, alert: Alert): string | undefined {
  for (const id of alert.eventIds) {
    const host = input.events.get(id)?.host?.name;
    if (host) return host.toLowerCase().split('.')[0];
  }
  return undefined;
}

export function assessTechniques(
  input: ReasoningInput,
  resolved: readonly ResolvedAlert[],
  inferences: readonly EvidenceInference[],
): TechniqueAssessment[] {
  const claims = new Map<
    string,
    {
      best: number;
      rules: Set<string>;
      /** Titles of the rules whose evidence shows it (`restatesRule`). */
      titles: Set<string>;
      basis: Set<TechniqueAssessment['basis'][number]>;
      reasons: string[];
      evidence: EvidenceRef[];
      events: Set<string>;
      /** The processes of those events (`processOf`). */
      processes: Set<string>;
      /** Whether every alert claiming it is weak. */
      weak: boolean;
      /** Whether every alert claiming it is baseline-common or routine. */
      common: boolean;
      /** Why alerts that tag it do not show it (`unsupportedTags`), and the most they would have given. */
      unsupported: string[];
      unsupportedWeight: number;
      /** Rules claiming it with alerts not of the background (not counted at half). */
      fullWeightRules: Set<string>;
      /** Alert ids by their claim rank (`claimRank`). */
      ranks: Map<string, number>;
    }
  >();
  // Behaviour that recurs through its host's record is background: its inferences are context.
  const recurrence = new Map<EvidenceInference, string>();
  for (const inference of inferences) {
    const event = input.events.get(inference.eventId);
    const reason = event ? input.baseline?.recurring?.(event, inference.value) : undefined;
    if (reason) recurrence.set(inference, reason);
  }
  const telling = inferences.filter((inference) => !recurrence.has(inference));
  for (const { alert, techniques } of resolved) {
    const host = hostOf(input, alert);
    const inferred = alert.source === 'inference' ? inferenceBehind(alert, inferences) : undefined;
    const recurs = inferred ? recurrence.get(inferred) : undefined;
    const routine = recurs ?? input.baseline?.routine?.(alert, input.events.get(alert.eventIds[0] ?? ''));
    const hostCommon = host !== undefined && input.baseline?.isCommon(host, alert.ruleId) === true;
    const common = hostCommon || routine !== undefined;
    const pattern = alert.source === 'sigma-correlation' ? 0.1 : 0;
    const weight = (inferred ? inferred.confidence : levelWeight[alert.severity] + pattern) * (common ? 0.5 : 1);
    const unsupported = new Map(
      [
        ...unsupportedTags(alert, techniques, input.events, telling, input.attack),
        ...notHiddenStreamTags(alert, techniques, input.events),
      ].map((item) => [item.technique, item]),
    );
    for (const id of techniques) {
      const claim = claims.get(id) ?? {
        best: 0,
        rules: new Set(),
        titles: new Set(),
        basis: new Set(),
        reasons: [],
        evidence: [],
        events: new Set(),
        processes: new Set(),
        weak: true,
        common: true,
        unsupported: [],
        unsupportedWeight: 0,
        fullWeightRules: new Set<string>(),
        ranks: new Map<string, number>(),
      };
      const notShown = unsupported.get(id);
      if (notShown) {
        // The rule tags it, but its match does not show it: cited, never counted.
        if (claim.unsupported.length < 3) claim.unsupported.push(notShown.reason);
        claim.unsupportedWeight = Math.max(claim.unsupportedWeight, weight);
        if (claim.evidence.length < maxEvidence && !claim.evidence.some((known) => known.id === alert.id))
          claim.evidence.push({ kind: 'alert', id: alert.id });
        claims.set(id, claim);
        continue;
      }
      claim.ranks.set(alert.id, Math.max(claim.ranks.get(alert.id) ?? 0, claimRank(common, isWeakAlert(alert))));
      // Background (counted at half) neither makes a claim strong nor is its second detection.
      if (!isWeakAlert(alert) && !common) claim.weak = false;
      if (!common) claim.fullWeightRules.add(alert.ruleId);
      if (!common) claim.common = false;
      claim.best = Math.max(claim.best, weight);
      claim.rules.add(alert.ruleId);
      if (alert.source === 'sigma' || alert.source === 'sigma-correlation') claim.titles.add(alert.ruleTitle);
      claim.basis.add(alert.source === 'indicator' ? 'indicator' : alert.source === 'inference' ? 'inference' : 'rule');
      if (inferred && claim.reasons.length < 5)
        claim.reasons.push(
          `evidence inference alert at its own calibrated confidence ${inferred.confidence.toFixed(2)}: ${inferenceReason(inferred)}`,
        );
      if (hostCommon && claim.reasons.length < 5)
        claim.reasons.push(
          `"${alert.ruleTitle}" fires through most of ${host}'s history: baseline-common there, counted at half`,
        );
      else if (routine && claim.reasons.length < 5) claim.reasons.push(`${routine}, counted at half`);
      if (claim.evidence.length < maxEvidence && !claim.evidence.some((known) => known.id === alert.id))
        claim.evidence.push({ kind: 'alert', id: alert.id });
      // An inference alert's events are the inference itself: what corroborates a claim is evidence
      // inference on the events (or processes) of the other detections claiming it.
      if (inferred) {
        claims.set(id, claim);
        continue;
      }
      for (const eventId of alert.eventIds.slice(0, 50)) {
        claim.events.add(eventId);
        const process = processOf(input, eventId);
        if (process) claim.processes.add(process);
      }
      claims.set(id, claim);
    }
  }
  const inferredByParent = new Map<string, EvidenceInference[]>();
  for (const inference of telling) {
    const list = inferredByParent.get(parentOf(inference.technique)) ?? [];
    list.push(inference);
    inferredByParent.set(parentOf(inference.technique), list);
  }
  const assessments: TechniqueAssessment[] = [];
  for (const [id, claim] of claims) {
    if (claim.rules.size === 0) {
      assessments.push({
        id,
        confidence: round(claim.unsupportedWeight * 0.5),
        reported: false,
        basis: ['rule'],
        reasons: [...claim.unsupported, 'no detection whose evidence shows it claims it: kept as context'],
        evidence: claim.evidence,
        carriers: [],
      });
      continue;
    }
    let confidence = Math.min(0.95, claim.best + 0.05 * Math.min(2, claim.rules.size - 1));
    const reasons = [
      `${claim.rules.size} detection(s) claim it; strongest gives ${claim.best.toFixed(2)}`,
      ...claim.reasons,
    ];
    const evidence = [...claim.evidence];
    const related = (claim.common ? [] : (inferredByParent.get(parentOf(id)) ?? [])).filter((inference) => {
      if (claim.events.has(inference.eventId)) return true;
      const process = processOf(input, inference.eventId);
      return process !== undefined && claim.processes.has(process);
    });
    const corroborating = related
      .filter((inference) => !restatesRule(inference, claim.titles))
      .sort((left, right) => right.confidence - left.confidence)[0];
    const restating = corroborating ? undefined : related[0];
    if (restating)
      reasons.push(
        `evidence inference on its events is nearest to ${restating.nearest.label}, a rule claiming it: that rule restating its own match, not a second witness`,
      );
    if (corroborating) {
      confidence = 1 - (1 - confidence) * (1 - corroborating.confidence);
      reasons.push(
        `evidence inference corroborates it at ${corroborating.confidence.toFixed(2)}: ${inferenceReason(corroborating)}`,
      );
      if (!evidence.some((known) => known.id === corroborating.eventId))
        evidence.push({ kind: 'event', id: corroborating.eventId });
      claim.basis.add('inference');
    }
    confidence = Math.min(0.97, confidence);
    const uncorroborated = claim.weak && claim.fullWeightRules.size < 2 && !corroborating;
    const reported = confidence >= reportThreshold && !uncorroborated;
    if (uncorroborated) reasons.push('only one weak (low or informational) detection claims it: kept as context');
    else if (!reported) reasons.push(`below the reporting threshold ${reportThreshold}: kept as context`);
    const strongest = Math.max(...claim.ranks.values());
    const carriers = [...claim.ranks].filter(([, rank]) => rank === strongest).map(([alertId]) => alertId);
    assessments.push({
      id,
      confidence: round(confidence),
      reported,
      basis: [...claim.basis],
      reasons,
      evidence,
      carriers,
    });
  }
  // Techniques only inference names.
  const claimedParents = new Set([...claims.keys()].map(parentOf));
  for (const [parent, list] of inferredByParent) {
    if (claimedParents.has(parent)) continue;
    const best = [...list].sort(
      (left, right) =>
        right.confidence - inferenceThreshold(right.field) - (left.confidence - inferenceThreshold(left.field)),
    )[0]!;
    const threshold = inferenceThreshold(best.field);
    const reported = best.confidence >= threshold;
    const events = [...new Set(list.map((item) => item.eventId))].slice(0, maxEvidence);
    assessments.push({
      id: best.technique,
      confidence: round(best.confidence),
      reported,
      basis: ['inference'],
      reasons: [
        `no detection claims it; evidence inference names it at ${best.confidence.toFixed(2)} on ${events.length} event(s): ${inferenceReason(best)}`,
        ...(reported ? [] : [`an inference from ${best.field} alone needs ${threshold}: kept as context`]),
      ],
      evidence: events.map((eventId) => ({ kind: 'event', id: eventId })),
      carriers: [],
    });
  }
  // Techniques only recurring behaviour resembles: context, with the reason.
  const assessed = new Set(assessments.map((item) => parentOf(item.id)));
  for (const [inference, reason] of recurrence) {
    const parent = parentOf(inference.technique);
    if (assessed.has(parent)) continue;
    assessed.add(parent);
    assessments.push({
      id: inference.technique,
      confidence: round(inference.confidence),
      reported: false,
      basis: ['inference'],
      reasons: [
        `no detection claims it; evidence inference names it at ${inference.confidence.toFixed(2)}: ${inferenceReason(inference)}`,
        `${reason}: kept as context`,
      ],
      evidence: [{ kind: 'event', id: inference.eventId }],
      carriers: [],
    });
  }
  return assessments.sort((left, right) => right.confidence - left.confidence || left.id.localeCompare(right.id));
}

/** The evidence inference an inference alert was raised from: the best one on its event naming its technique's parent. */
function inferenceBehind(alert: Alert, inferences: readonly EvidenceInference[]): EvidenceInference | undefined {
  const parents = new Set(alert.techniques.map(parentOf));
  const events = new Set(alert.eventIds);
  let best: EvidenceInference | undefined;
  for (const inference of inferences)
    if (events.has(inference.eventId) && parents.has(parentOf(inference.technique)))
      if (!best || inference.confidence > best.confidence) best = inference;
  return best;
}
