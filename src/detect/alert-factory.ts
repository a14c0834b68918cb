/** Builds core Alerts for rule matches, with ids that depend only on the rule and the events. */
import { createHash } from 'node:crypto';
import type { Alert, Severity } from '../core/index.js';
import type { RuleMeaning } from './rule-meaning.js';

export interface AlertInput {
  readonly source: 'sigma' | 'sigma-correlation';
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly severity: Severity;
  readonly timestamp: string;
  readonly eventIds: readonly string[];
  readonly meaning: RuleMeaning;
  readonly description: string | undefined;
}

/** Deterministic alert id: the same rule on the same events always gives the same id. */
export function alertId(ruleId: string, eventIds: readonly string[]): string {
  return createHash('sha256').update(ruleId).update('\n').update(eventIds.join('\n')).digest('hex').slice(0, 32);
}

export function buildAlert(input: AlertInput): Alert {
  const alert: Alert = {
    id: alertId(input.ruleId, input.eventIds),
    source: input.source,
    ruleId: input.ruleId,
    ruleTitle: input.ruleTitle,
    severity: input.severity,
    timestamp: input.timestamp,
    eventIds: [...input.eventIds],
    techniques: [...input.meaning.techniques],
    tactics: [...input.meaning.tactics],
    cves: [...input.meaning.cves],
  };
  if (input.description !== undefined) alert.description = input.description;
  return alert;
}
