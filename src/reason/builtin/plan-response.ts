/** Built-in stage 3: proposals from the containment table, targeted at the incident's own entities. */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import {
  type ActionProposal,
  type ActionType,
  type Alert,
  type AttackSequence,
  actionTargetIssue,
  actionTraits,
  type EvidenceRef,
  type IncidentContext,
  type ResponsePlan,
  type TargetKind,
} from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';
import { attackerAccounts, isExternalAddress, targetsFor } from './plan-targets.js';
import { containmentByTactic } from './response-knowledge.js';

/** Order in which actions are carried out: cut the attacker's infrastructure and accounts, stop their code, then
 * remove their files; isolating a victim host (its availability) comes after everything that spares it. */
const actionOrder: ActionType[] = [
  'block-ip',
  'block-domain',
  'block-url',
  'disable-account',
  'kill-process',
  'reset-credentials',
  'quarantine-file',
  'isolate-host',
  'collect-artefacts',
  'add-to-watchlist',
  'open-ticket',
  'notify',
];

function proposalId(incidentId: string, action: ActionType, target: string): string {
  return `proposal--${createHash('sha256').update(`${incidentId}|${action}|${target}`).digest('hex').slice(0, 32)}`;
}

/**
 * Every account the attacker used gets a containment action: its credentials reset, and an account
 * that moved laterally, was created or was escalated is disabled as well.
 */
function addAccountActions(
  input: ReasoningInput,
  sequence: AttackSequence,
  alertsById: ReadonlyMap<string, Alert>,
  proposals: Map<string, ActionProposal>,
): void {
  const stepAlerts = (step: AttackSequence['steps'][number]) =>
    step.evidence.map((reference) => alertsById.get(reference.id)).filter((alert) => alert !== undefined);
  const lateralHosts = new Set(
    sequence.steps
      .filter((step) => step.tactic === 'lateral-movement')
      .flatMap(stepAlerts)
      .flatMap((alert) => alert.eventIds.map((id) => input.events.get(id)?.host?.name?.toLowerCase()))
      .filter((host) => host !== undefined),
  );
  const alertsOfEvent = new Map<string, Alert[]>();
  for (const alert of sequence.steps.flatMap(stepAlerts))
    for (const id of alert.eventIds) alertsOfEvent.set(id, [...(alertsOfEvent.get(id) ?? []), alert]);
  const accounts = attackerAccounts([...input.events.values()], lateralHosts);
  for (const account of accounts.values()) {
    const roles = [...account.roles].filter((role) => role !== 'used');
    const how = roles.length > 0 ? roles.join(', ').replaceAll('-', ' ') : 'used';
    const alertEvidence: EvidenceRef[] = [
      ...new Set(account.evidence.flatMap((reference) => alertsOfEvent.get(reference.id) ?? [])),
    ]
      .slice(0, 3)
      .map((alert) => ({ kind: 'alert', id: alert.id }));
    const evidence = [...alertEvidence, ...account.evidence];
    const actions: Array<{ action: ActionType; effect: string }> = [
      { action: 'reset-credentials', effect: 'makes the credentials the attacker holds for this account useless' },
    ];
    if (roles.length > 0)
      actions.unshift({ action: 'disable-account', effect: 'stops the attacker using this account' });
    for (const { action, effect } of actions) {
      const target = { kind: 'user' as const, value: account.name };
      if (actionTargetIssue(action, target)) continue;
      const id = proposalId(input.incident.id, action, `user:${account.name}`);
      if (proposals.has(id)) continue;
      proposals.set(id, {
        id,
        incidentId: input.incident.id,
        actionType: action,
        target,
        parameters: {},
        risk: actionTraits[action].risk,
        reversible: actionTraits[action].reversible,
        rationale: `account ${how} by the attacker`,
        expectedEffect: effect,
        evidence,
      });
    }
  }
}

export function planResponse(
  input: ReasoningInput,
  context: IncidentContext,
  sequence: AttackSequence,
  reasoner: string,
): ResponsePlan {
  const alertsById = new Map(input.alerts.map((alert) => [alert.id, alert]));
  const proposals = new Map<string, ActionProposal>();
  const critical = new Set(context.hosts.filter((host) => host.criticality === 'critical').map((host) => host.name));
  for (const step of sequence.steps) {
    const alerts = step.evidence
      .map((reference) => alertsById.get(reference.id))
      .filter((alert) => alert !== undefined);
    const events = alerts.flatMap((alert) =>
      alert.eventIds.map((id) => input.events.get(id)).filter((event) => event !== undefined),
    );
    for (const { action, effect } of containmentByTactic[step.tactic] ?? []) {
      for (const target of targetsFor(action, events, alerts, input)) {
        const id = proposalId(input.incident.id, action, `${target.kind}:${target.value}`);
        const existing = proposals.get(id);
        if (existing) {
          existing.rationale += `; also ${step.tactic.replaceAll('-', ' ')}`;
          continue;
        }
        const traits = actionTraits[action];
        const risk = action === 'isolate-host' && critical.has(target.value) ? 'critical' : traits.risk;
        proposals.set(id, {
          id,
          incidentId: input.incident.id,
          actionType: action,
          target: { kind: target.kind, value: target.value },
          parameters: target.parameters,
          risk,
          reversible: traits.reversible,
          rationale: `${step.tactic.replaceAll('-', ' ')} observed (${step.techniques.join(', ') || 'no technique id'})`,
          expectedEffect: effect,
          evidence: target.evidence,
        });
      }
    }
  }
  addAccountActions(input, sequence, alertsById, proposals);
  // Network indicators from threat intelligence are blocked whatever stage their alerts carry.
  for (const match of input.indicatorMatches) {
    const isAddress = ipaddr.isValid(match.value);
    if (isAddress && !isExternalAddress(match.value)) continue;
    const action: ActionType = isAddress ? 'block-ip' : 'block-domain';
    const kind: TargetKind = isAddress ? 'ip' : 'domain';
    const value = isAddress ? match.value : match.value.toLowerCase();
    if (actionTargetIssue(action, { kind, value })) continue;
    const id = proposalId(input.incident.id, action, `${kind}:${value}`);
    const evidence: EvidenceRef[] = [
      { kind: 'indicator', id: match.indicatorId },
      { kind: 'event', id: match.eventId },
    ];
    const existing = proposals.get(id);
    if (existing) {
      for (const reference of evidence) {
        if (
          existing.evidence.length < 12 &&
          !existing.evidence.some((known) => known.kind === reference.kind && known.id === reference.id)
        ) {
          existing.evidence.push(reference);
        }
      }
      continue;
    }
    proposals.set(id, {
      id,
      incidentId: input.incident.id,
      actionType: action,
      target: { kind, value },
      parameters: {},
      risk: actionTraits[action].risk,
      reversible: actionTraits[action].reversible,
      rationale: `matches threat intelligence from ${match.source} (confidence ${match.confidence}) in ${match.field}`,
      expectedEffect: 'cuts traffic to infrastructure known to be malicious',
      evidence,
    });
  }
  const incidentEvidence: EvidenceRef[] = input.alerts.slice(0, 5).map((alert) => ({ kind: 'alert', id: alert.id }));
  for (const action of ['open-ticket', 'notify'] as const) {
    const id = proposalId(input.incident.id, action, input.incident.id);
    proposals.set(id, {
      id,
      incidentId: input.incident.id,
      actionType: action,
      target: { kind: 'incident', value: input.incident.id },
      parameters:
        action === 'notify'
          ? { audience: 'cert-on-duty', severity: input.incident.severity }
          : { title: input.incident.title },
      risk: 'low',
      reversible: false,
      rationale:
        action === 'open-ticket'
          ? 'every incident is tracked in the ticketing system'
          : `incident of ${input.incident.severity} severity`,
      expectedEffect:
        action === 'open-ticket' ? 'the incident has an owner and a record' : 'the on-duty analyst is told',
      evidence: incidentEvidence,
    });
  }
  const actions = [...proposals.values()].sort(
    (left, right) =>
      actionOrder.indexOf(left.actionType) - actionOrder.indexOf(right.actionType) ||
      left.target.value.localeCompare(right.target.value),
  );
  const counts: Record<string, number> = {};
  for (const action of actions) counts[action.actionType] = (counts[action.actionType] ?? 0) + 1;
  return {
    schemaVersion: 'vigil.response-plan/1',
    incidentId: input.incident.id,
    reasoner,
    actions,
    summary: `${actions.length} action(s) for stage ${sequence.currentStage}: ${Object.entries(counts)
      .map(([type, count]) => `${type}×${count}`)
      .join(', ')}`,
  };
}
