/**
 * The fixed responses of the two baselines. `rule-only`: each alert maps to one action by its
 * tactic and level. `static-soar`: an alert matched by threat intelligence runs a fixed playbook
 * for its alert type; other alerts only open a ticket. No reasoning, no learning.
 */
import type { ActionProposal, ActionType, Alert, Event } from '../../core/index.js';

type Target = ActionProposal['target'];
export interface FixedAction {
  type: ActionType;
  target: Target;
}

const confidenceByLevel: Record<string, number> = {
  critical: 0.9,
  high: 0.8,
  medium: 0.6,
  low: 0.4,
  informational: 0.2,
};
/** Baselines have no reasoning: their confidence is the rule's level. */
export const baselineConfidence = (alert: Alert): number => confidenceByLevel[alert.severity] ?? 0.4;

const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|::1$|f[cd])/i.test(ip);

function hostOf(events: readonly Event[]): string | undefined {
  return events.find((event) => event.host?.name)?.host?.name?.toLowerCase();
}
function userOf(events: readonly Event[]): string | undefined {
  const user = events.find((event) => event.user?.name)?.user;
  return user?.name ? (user.domain ? `${user.domain}\\${user.name}` : user.name) : undefined;
}
function externalIpOf(events: readonly Event[]): string | undefined {
  for (const event of events)
    for (const ip of [event.destination?.ip, event.source?.ip]) if (ip && !isPrivate(ip)) return ip;
  return undefined;
}

const ticket = (alert: Alert): FixedAction => ({ type: 'open-ticket', target: { kind: 'incident', value: alert.id } });

/** rule-only: one action per alert, chosen by its first tactic; low-level alerts only open a ticket. */
export function ruleOnlyAction(alert: Alert, events: readonly Event[]): FixedAction {
  if (alert.severity === 'low' || alert.severity === 'informational') return ticket(alert);
  const host = hostOf(events);
  const user = userOf(events);
  const ip = externalIpOf(events);
  const tactic = alert.tactics[0];
  if (tactic === 'credential-access' && user)
    return { type: 'reset-credentials', target: { kind: 'user', value: user } };
  if ((tactic === 'command-and-control' || tactic === 'exfiltration') && ip)
    return { type: 'block-ip', target: { kind: 'ip', value: ip } };
  if (host) return { type: 'isolate-host', target: { kind: 'host', value: host } };
  return ticket(alert);
}

/** static-soar: a TI-matched alert runs its alert type's playbook; any other alert opens a ticket. */
export function staticSoarPlaybook(
  alert: Alert,
  events: readonly Event[],
  intelMatch: { type: 'ip' | 'domain' | 'other'; value: string } | undefined,
): FixedAction[] {
  if (!intelMatch) return [ticket(alert)];
  const host = hostOf(events);
  const steps: FixedAction[] = [];
  if (intelMatch.type === 'ip') steps.push({ type: 'block-ip', target: { kind: 'ip', value: intelMatch.value } });
  else if (intelMatch.type === 'domain')
    steps.push({ type: 'block-domain', target: { kind: 'domain', value: intelMatch.value } });
  if (host && alert.source !== 'indicator') steps.push({ type: 'isolate-host', target: { kind: 'host', value: host } });
  else if (host) steps.push({ type: 'collect-artefacts', target: { kind: 'host', value: host } });
  steps.push(ticket(alert), { type: 'notify', target: { kind: 'incident', value: alert.id } });
  return steps;
}
