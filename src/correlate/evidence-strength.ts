/**
 * Whether a group of correlated alerts is an incident or stays a set of alerts. A single weak
 * signal (a low or informational detection), however often it repeats, is what background
 * activity looks like: a scheduled task registered, a legacy application's RC4 tickets, a host
 * that talks to one service often. It becomes an incident when something corroborates it:
 *
 * - any alert of medium severity or above (a rule, an analytic, an inference);
 * - any threat-intelligence match (an indicator or a STIX pattern: outside knowledge);
 * - or weak alerts from at least two different detections on the same entities.
 *
 * Alerts whose evidence is routine for their host or account (a baseline verdict, when the
 * caller has one) are context: they stay in the group, but never make it an incident.
 *
 * Alerts that do not make an incident stay stored and visible; only the incident (the case an
 * analyst is asked to work) is not opened. The worker recomputes its groups as alerts arrive, so
 * a weak group becomes an incident as soon as corroboration joins it.
 */
import { type Alert, severityRank } from '../core/index.js';

const intelligenceSources = new Set<Alert['source']>(['indicator', 'stix-pattern']);

export interface EvidenceStrength {
  incident: boolean;
  /** Why, in words: what made it an incident, or what it lacked. */
  reason: string;
}

export function isWeakAlert(alert: Alert): boolean {
  return !intelligenceSources.has(alert.source) && severityRank[alert.severity] < severityRank.medium;
}

export function evidenceStrength(
  all: readonly Alert[],
  routine: (alert: Alert) => boolean = () => false,
): EvidenceStrength {
  const alerts = all.filter((alert) => !routine(alert));
  if (alerts.length === 0 && all.length > 0)
    return {
      incident: false,
      reason: `only routine evidence (${all[0]!.ruleTitle}, ${all.length} alert(s)): the host's or account's background`,
    };
  const strong = alerts.find((alert) => !isWeakAlert(alert));
  if (strong)
    return {
      incident: true,
      reason: intelligenceSources.has(strong.source)
        ? `threat-intelligence match (${strong.ruleTitle})`
        : `${strong.severity} alert (${strong.ruleTitle})`,
    };
  const detections = new Set(alerts.map((alert) => `${alert.source}|${alert.ruleId}`));
  if (detections.size >= 2) return { incident: true, reason: `${detections.size} different weak detections agree` };
  const only = alerts[0];
  return {
    incident: false,
    reason: `one weak detection only (${only ? `${only.severity}: ${only.ruleTitle}` : 'none'}, ${alerts.length} alert(s)), uncorroborated`,
  };
}
