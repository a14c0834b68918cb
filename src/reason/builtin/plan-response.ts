/** Built-in stage 3: proposals from the containment table, targeted at the incident's own entities. */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type {
  ActionProposal,
  ActionType,
  Alert,
  AttackSequence,
  Event,
  EvidenceRef,
  IncidentContext,
  ResponsePlan,
} from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';
import { actionTraits, containmentByTactic } from './response-knowledge.js';

type TargetKind = ActionProposal['target']['kind'];

/** Order in which actions are carried out: contain first, then eradicate, then follow up. */
const actionOrder: ActionType[] = [
  'block-ip',
  'block-domain',
  'block-url',
  'isolate-host',
  'kill-process',
  'disable-account',
  'reset-credentials',
  'quarantine-file',
  'collect-artefacts',
  'add-to-watchlist',
  'open-ticket',
  'notify',
];

/** Ranges that belong to the organisation itself or to no one: never blocked at the perimeter. */
const internalRanges = new Set([
  'private',
  'loopback',
  'linkLocal',
  'multicast',
  'broadcast',
  'unspecified',
  'carrierGradeNat',
  'uniqueLocal',
]);

/** Whether an address lies outside the organisation (documentation ranges count as outside, as in examples). */
function isExternalAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return !internalRanges.has(ipaddr.process(ip).range());
}

const system = /^(system|local service|network service|-|anonymous logon)$|\$$/i;

interface Target {
  kind: TargetKind;
  value: string;
  evidence: EvidenceRef[];
}

/** The targets an action type applies to, found on the events of the alerts of one stage. */
function targetsFor(
  action: ActionType,
  events: readonly Event[],
  alerts: readonly Alert[],
  input: ReasoningInput,
): Target[] {
  const found = new Map<string, Target>();
  const add = (kind: TargetKind, value: string | undefined, event: Event) => {
    if (!value) return;
    const key = `${kind}:${value.toLowerCase()}`;
    const target = found.get(key) ?? { kind, value, evidence: [] };
    if (target.evidence.length < 5) target.evidence.push({ kind: 'event', id: event.id });
    found.set(key, target);
  };
  for (const event of events) {
    switch (action) {
      case 'block-ip':
        for (const ip of [event.destination?.ip, event.source?.ip])
          if (ip && isExternalAddress(ip)) add('ip', ip, event);
        break;
      case 'block-domain':
        add('domain', event.dns?.question?.name ?? event.url?.domain ?? event.tls?.serverName, event);
        break;
      case 'isolate-host':
      case 'collect-artefacts':
      case 'add-to-watchlist':
        add('host', event.host?.name?.toLowerCase(), event);
        break;
      case 'kill-process':
        if (event.process?.executable && event.host?.name) {
          add(
            'process',
            `${event.host.name.toLowerCase()}:${event.process.pid ?? '?'}:${event.process.executable}`,
            event,
          );
        }
        break;
      case 'quarantine-file':
        if (event.file?.path && event.host?.name)
          add('file', `${event.host.name.toLowerCase()}:${event.file.path}`, event);
        break;
      case 'disable-account':
      case 'reset-credentials':
        for (const user of [event.user, event.targetUser]) {
          if (user?.name && !system.test(user.name))
            add('user', user.domain ? `${user.domain}\\${user.name}` : user.name, event);
        }
        break;
      default:
        break;
    }
  }
  // Indicator matches make network blocks evidence-backed by intelligence too.
  if (action === 'block-ip' || action === 'block-domain') {
    for (const match of input.indicatorMatches) {
      const target = found.get(`${action === 'block-ip' ? 'ip' : 'domain'}:${match.value.toLowerCase()}`);
      if (target && !target.evidence.some((reference) => reference.id === match.indicatorId)) {
        target.evidence.push({ kind: 'indicator', id: match.indicatorId });
      }
    }
  }
  for (const target of found.values())
    target.evidence.unshift(...alerts.slice(0, 3).map((alert) => ({ kind: 'alert' as const, id: alert.id })));
  return [...found.values()];
}

function proposalId(incidentId: string, action: ActionType, target: string): string {
  return `proposal--${createHash('sha256').update(`${incidentId}|${action}|${target}`).digest('hex').slice(0, 32)}`;
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
          parameters: {},
          risk,
          reversible: traits.reversible,
          rationale: `${step.tactic.replaceAll('-', ' ')} observed (${step.techniques.join(', ') || 'no technique id'})`,
          expectedEffect: effect,
          evidence: target.evidence,
        });
      }
    }
  }
  // Network indicators from threat intelligence are blocked whatever stage their alerts carry.
  for (const match of input.indicatorMatches) {
    const isAddress = ipaddr.isValid(match.value);
    if (isAddress && !isExternalAddress(match.value)) continue;
    const isDomain = !isAddress && /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(match.value);
    if (!isAddress && !isDomain) continue;
    const action: ActionType = isAddress ? 'block-ip' : 'block-domain';
    const kind: TargetKind = isAddress ? 'ip' : 'domain';
    const id = proposalId(input.incident.id, action, `${kind}:${match.value}`);
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
      target: { kind, value: match.value },
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
