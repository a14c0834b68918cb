import { createHash } from 'node:crypto';
import type { Alert, Event, Severity, Tactic } from '../../core/index.js';
import { impliedTactics } from './implied-tactics.js';
import type { IndicatorMatch } from './indicator-index.js';

/** Severity from an indicator's confidence (or current score). */
export function severityFromConfidence(confidence: number): Severity {
  if (confidence >= 90) return 'critical';
  if (confidence >= 70) return 'high';
  if (confidence >= 40) return 'medium';
  if (confidence >= 15) return 'low';
  return 'informational';
}

/** What an indicator alert needs of ATT&CK (an AttackCatalog fits): current ids and their tactics. */
export interface TechniqueTactics {
  resolve(id: string): string;
  coreTacticsOf(id: string): Tactic[];
}

/**
 * One alert for all indicator hits on an event. The strongest match (highest
 * score, then confidence, then id) names the rule; techniques are the union of the
 * matched indicators'. The id depends only on the event and the matched
 * indicators and fields, so re-running gives the same alert. With ATT&CK, the indicators'
 * techniques resolve to current ids and bring their tactics, so an indicator tagged T1071.001
 * lands in command-and-control, not in an unknown stage. When no technique gives a tactic (no
 * catalogue, or no technique), the tactics the intelligence names or implies are used: a STIX
 * kill-chain phase, C2 infrastructure, a `botnet_cc` label, a "C2 domain".
 */
export function matchesToAlert(event: Event, matches: readonly IndicatorMatch[], attack?: TechniqueTactics): Alert {
  if (matches.length === 0) throw new RangeError('matchesToAlert needs at least one match');
  const ordered = [...matches].sort(
    (left, right) =>
      right.score - left.score ||
      right.indicator.confidence - left.indicator.confidence ||
      left.indicator.id.localeCompare(right.indicator.id) ||
      left.field.localeCompare(right.field),
  );
  const best = ordered[0]!;
  const fingerprint = ordered
    .map((match) => `${match.indicator.id}|${match.field}|${match.value}`)
    .sort()
    .join('\n');
  const id = `alert-indicator-${createHash('sha256').update(`${event.id}\n${fingerprint}`).digest('hex').slice(0, 32)}`;
  const techniques = [
    ...new Set(ordered.flatMap((match) => match.indicator.techniques.map((id) => (attack ? attack.resolve(id) : id)))),
  ].sort();
  const fromTechniques = attack ? [...new Set(techniques.flatMap((id) => attack.coreTacticsOf(id)))] : [];
  const tactics =
    fromTechniques.length > 0
      ? fromTechniques
      : [...new Set(ordered.flatMap((match) => impliedTactics(match.indicator)))];
  const others = ordered.length - 1;
  return {
    id,
    source: 'indicator',
    ruleId: best.indicator.id,
    ruleTitle:
      best.indicator.name ?? `Indicator match: ${best.indicator.value ?? best.indicator.pattern ?? best.indicator.id}`,
    severity: severityFromConfidence(best.score),
    timestamp: event.timestamp,
    eventIds: [event.id],
    techniques,
    tactics,
    cves: [
      ...new Set(ordered.flatMap((match) => match.indicator.labels.filter((label) => /^CVE-\d{4}-\d+$/i.test(label)))),
    ],
    match: { indicatorId: best.indicator.id, field: best.field, value: best.value, indicatorSource: best.source },
    description: `${best.field} = ${best.value} matched ${best.indicator.id} from ${best.source}${others > 0 ? ` (and ${others} more match${others > 1 ? 'es' : ''})` : ''}`,
  };
}
