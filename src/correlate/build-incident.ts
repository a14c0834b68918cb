/** Turns a group of correlated alerts into an `Incident`: entities, techniques, kill-chain stages, severity. */
import { createHash } from 'node:crypto';
import {
  type Alert,
  type AttackStage,
  type Event,
  type Incident,
  type IncidentEntities,
  maxSeverity,
  type Severity,
  severityRank,
  type Tactic,
  tacticRank,
} from '../core/index.js';
import type { AlertGroup } from './incident-correlator.js';

/** Event ids kept on an incident; larger incidents keep a sample (the alerts still reference all). */
const maxEventIds = 500;

export function incidentIdFor(firstAlertId: string): string {
  return `incident--${createHash('sha256').update(firstAlertId).digest('hex').slice(0, 32)}`;
}

function sortedUnique(values: Iterable<string | undefined>): string[] {
  const set = new Set<string>();
  for (const value of values) if (value) set.add(value);
  return [...set].sort();
}

export function collectEntities(events: readonly Event[]): IncidentEntities {
  const hosts: string[] = [];
  const users: string[] = [];
  const ips: string[] = [];
  const domains: string[] = [];
  const hashes: string[] = [];
  const processes: string[] = [];
  const files: string[] = [];
  for (const event of events) {
    hosts.push(event.host?.name?.toLowerCase() ?? '');
    for (const user of [event.user, event.targetUser]) {
      if (user?.name) users.push(user.domain ? `${user.domain}\\${user.name}` : user.name);
    }
    ips.push(event.source?.ip ?? '', event.destination?.ip ?? '');
    domains.push(event.dns?.question?.name ?? '', event.url?.domain ?? '', event.tls?.serverName ?? '');
    hashes.push(event.process?.hashes?.sha256 ?? '', event.file?.hashes?.sha256 ?? '');
    processes.push(event.process?.executable ?? '');
    files.push(event.file?.path ?? '');
  }
  return {
    hosts: sortedUnique(hosts),
    users: sortedUnique(users),
    ips: sortedUnique(ips),
    domains: sortedUnique(domains),
    hashes: sortedUnique(hashes),
    processes: sortedUnique(processes),
    files: sortedUnique(files),
  };
}

export function buildStages(alerts: readonly Alert[]): AttackStage[] {
  const byTactic = new Map<Tactic, Alert[]>();
  for (const alert of alerts) {
    const tactics: Tactic[] = alert.tactics.length > 0 ? alert.tactics : ['unknown'];
    for (const tactic of tactics) {
      const list = byTactic.get(tactic);
      if (list) list.push(alert);
      else byTactic.set(tactic, [alert]);
    }
  }
  return [...byTactic.entries()]
    .map(([tactic, tacticAlerts]) => {
      const times = tacticAlerts.map((alert) => alert.timestamp).sort();
      return {
        tactic,
        techniques: sortedUnique(tacticAlerts.flatMap((alert) => alert.techniques)),
        firstSeen: times[0]!,
        lastSeen: times[times.length - 1]!,
        evidence: tacticAlerts.map((alert) => ({ kind: 'alert' as const, id: alert.id })),
      };
    })
    .sort(
      (left, right) =>
        tacticRank(left.tactic) - tacticRank(right.tactic) || left.firstSeen.localeCompare(right.firstSeen),
    );
}

function incidentSeverity(alerts: readonly Alert[], stages: readonly AttackStage[]): Severity {
  const base = maxSeverity(alerts.map((alert) => alert.severity));
  const knownTactics = stages.filter((stage) => stage.tactic !== 'unknown' && stage.tactic !== 'other').length;
  if (knownTactics < 3) return base;
  const order: Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];
  return order[Math.min(severityRank[base] + 1, order.length - 1)]!;
}

function titleFor(stages: readonly AttackStage[], entities: IncidentEntities): string {
  const named = stages.filter((stage) => stage.tactic !== 'unknown').map((stage) => stage.tactic.replaceAll('-', ' '));
  const what = named.length === 0 ? 'Suspicious activity' : named.slice(-3).join(', ');
  const where = entities.hosts.length > 0 ? ` on ${entities.hosts.slice(0, 3).join(', ')}` : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}${where}`;
}

/** `eventsById` must hold at least the events of the group's alerts. */
export function buildIncident(group: AlertGroup, eventsById: ReadonlyMap<string, Event>): Incident {
  const alerts = [...group.alerts].sort(
    (left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id),
  );
  const eventIds = sortedUnique(alerts.flatMap((alert) => alert.eventIds));
  const events = eventIds.map((id) => eventsById.get(id)).filter((event): event is Event => event !== undefined);
  const stages = buildStages(alerts);
  const entities = collectEntities(events);
  const times = alerts.map((alert) => alert.timestamp).sort();
  return {
    id: incidentIdFor(alerts[0]!.id),
    title: titleFor(stages, entities),
    severity: incidentSeverity(alerts, stages),
    status: 'new',
    alertIds: alerts.map((alert) => alert.id),
    eventIds: eventIds.slice(0, maxEventIds),
    entities,
    techniques: sortedUnique(alerts.flatMap((alert) => alert.techniques)),
    tactics: stages.map((stage) => stage.tactic),
    stages,
    firstSeen: times[0]!,
    lastSeen: times[times.length - 1]!,
    groupedBy: group.linkedBy,
  };
}
