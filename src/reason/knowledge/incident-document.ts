/** A past incident as a retrieval document: what happened, where, and what the analyst decided. */
import type { Alert, Incident } from '../../core/index.js';
import type { RetrievalDocument } from '../../store/index.js';

export interface IncidentDocumentInput {
  incident: Incident;
  alerts?: readonly Alert[];
  /** The attack sequence's and plan's summaries, when reasoning ran. */
  summaries?: readonly string[];
  verdict?: string | undefined;
  comments?: readonly string[];
}

export function incidentDocument({
  incident,
  alerts = [],
  summaries = [],
  verdict,
  comments = [],
}: IncidentDocumentInput): RetrievalDocument {
  const titles = [...new Set(alerts.map((alert) => alert.ruleTitle))].slice(0, 30);
  const entities = [
    ...incident.entities.hosts.map((host) => `host:${host.toLowerCase().split('.')[0]}`),
    ...incident.entities.users.map((user) => `user:${user.toLowerCase()}`),
    ...incident.entities.ips.map((ip) => `ip:${ip}`),
    ...incident.entities.domains.map((domain) => `domain:${domain.toLowerCase()}`),
    ...incident.entities.hashes.map((hash) => `hash:${hash.toLowerCase()}`),
  ];
  return {
    id: incident.id,
    kind: 'incident',
    source: 'incident',
    title: incident.title,
    body: [
      `${incident.severity} incident ${incident.firstSeen} to ${incident.lastSeen}`,
      `tactics: ${incident.tactics.join(', ')}`,
      titles.length > 0 ? `detections: ${titles.join('; ')}` : '',
      ...summaries,
      ...comments.map((comment) => `analyst: ${comment}`),
    ]
      .filter(Boolean)
      .join('\n'),
    techniques: incident.techniques,
    entities,
    tactics: incident.tactics,
    ...(verdict ? { verdict } : {}),
    updatedAt: incident.lastSeen,
  };
}
