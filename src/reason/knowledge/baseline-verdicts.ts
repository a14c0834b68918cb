/**
 * Baseline verdicts (`core/baseline-verdict.ts`): the questions reasoning and correlation ask a
 * detection's `HostBaseline` about an alert (is its evidence routine or declared administration,
 * is its rule common on its host, which behaviour of its events recurs through its host's record),
 * answered once where the baseline lives (`judgeBaseline`) and asked again elsewhere from the
 * answers (`baselineOfVerdicts`). A worker's detect stage judges; its correlate and reason stages
 * ask. Both read the host as technique assessment does (the first of the alert's events that names
 * one, lower case, first label), so a question asked of the verdicts gets the baseline's answer.
 */
import { type Alert, type BaselineVerdict, type Event, maxRecurringPerVerdict } from '../../core/index.js';
import { behaviourTexts } from '../inference/behaviour-texts.js';
import type { HostBaseline } from '../reasoner.js';

const hostKey = (name: string) => name.toLowerCase().split('.')[0]!;
/** The host key `UncoveredBehaviour.recurring` reads of an event ('' when it names none). */
const eventHost = (event: Event) => (event.host?.name ? hostKey(event.host.name) : '');

/** The alert's host as technique assessment reads it: the first of its events that names one. */
function alertHost(alert: Alert, events: ReadonlyMap<string, Event>): string | undefined {
  for (const id of alert.eventIds) {
    const name = events.get(id)?.host?.name;
    if (name) return hostKey(name);
  }
  return undefined;
}

/** What the baseline says of the alert now; fields it has nothing to say about are left out. */
export function judgeBaseline(
  baseline: HostBaseline,
  alert: Alert,
  events: ReadonlyMap<string, Event>,
): BaselineVerdict {
  const verdict: BaselineVerdict = {};
  const routine = baseline.routine?.(alert, events.get(alert.eventIds[0] ?? ''));
  if (routine) verdict.routine = routine;
  const host = alertHost(alert, events);
  if (host !== undefined && baseline.isCommon(host, alert.ruleId)) {
    verdict.host = host;
    verdict.common = true;
  }
  if (baseline.recurring) {
    const recurring: NonNullable<BaselineVerdict['recurring']> = [];
    for (const id of alert.eventIds) {
      const event = events.get(id);
      if (!event) continue;
      for (const { text } of behaviourTexts(event)) {
        if (recurring.length >= maxRecurringPerVerdict) break;
        const reason = baseline.recurring(event, text);
        if (reason) recurring.push({ host: eventHost(event), text, reason });
      }
    }
    if (recurring.length > 0) verdict.recurring = recurring;
  }
  return verdict;
}

/** A `HostBaseline` that answers from the verdicts on an incident's alerts (nothing known: undefined, not common). */
export function baselineOfVerdicts(
  alerts: readonly Alert[],
  verdicts: ReadonlyMap<string, BaselineVerdict>,
): HostBaseline {
  const common = new Set<string>();
  const recurring = new Map<string, string>();
  for (const alert of alerts) {
    const verdict = verdicts.get(alert.id);
    if (verdict?.common && verdict.host !== undefined) common.add(`${verdict.host}\n${alert.ruleId}`);
    for (const item of verdict?.recurring ?? []) recurring.set(`${item.host}\n${item.text}`, item.reason);
  }
  return {
    isCommon: (host, ruleId) => common.has(`${hostKey(host)}\n${ruleId}`),
    routine: (alert) => verdicts.get(alert.id)?.routine,
    recurring: (event, text) => recurring.get(`${eventHost(event)}\n${text}`),
  };
}

/** Whether a verdict says anything (an empty one is what an alert without a verdict means). */
export function isEmptyVerdict(verdict: BaselineVerdict | undefined): boolean {
  return !verdict || (verdict.routine === undefined && !verdict.common && !verdict.recurring?.length);
}
