/**
 * Gathers what retrieval knows about an incident before reasoning: similar past incidents
 * (by text, sharing techniques or entities) and the CTI text of its techniques. What is
 * gathered becomes citable evidence; what a reasoner cites from it is "knowledge reuse".
 */
import type { Alert, Incident } from '../../core/index.js';
import type { RetrievalHit, RetrievalStore } from '../../store/index.js';

export interface RetrievalLimits {
  /** Past incidents kept. Default 3. */
  incidents?: number;
  /** Technique documents kept (one per technique). Default 8. */
  techniqueDocuments?: number;
  /** Procedure and report documents kept. Default 3. */
  reportDocuments?: number;
}

export async function retrieveForIncident(
  retrieval: RetrievalStore,
  incident: Incident,
  alerts: readonly Alert[],
  limits: RetrievalLimits = {},
): Promise<RetrievalHit[]> {
  const titles = [...new Set(alerts.map((alert) => alert.ruleTitle))].slice(0, 20);
  // One line per title: the query keeps words of every title, not only of the first ones.
  const text = [incident.title, ...titles].join('\n');
  const hits = new Map<string, RetrievalHit>();
  const keep = (found: readonly RetrievalHit[], limit: number) => {
    for (const hit of found.slice(0, limit)) if (!hits.has(hit.id)) hits.set(hit.id, hit);
  };
  const incidentLimit = limits.incidents ?? 3;
  if (incident.techniques.length > 0) {
    keep(
      await retrieval.search({
        text,
        kinds: ['incident'],
        techniques: incident.techniques,
        excludeIds: [incident.id],
        limit: incidentLimit,
      }),
      incidentLimit,
    );
  }
  const entities = [
    ...incident.entities.hosts.map((host) => `host:${host.toLowerCase().split('.')[0]}`),
    ...incident.entities.ips.map((ip) => `ip:${ip}`),
    ...incident.entities.domains.map((domain) => `domain:${domain.toLowerCase()}`),
  ].slice(0, 50);
  if (entities.length > 0 && hits.size < incidentLimit) {
    keep(
      await retrieval.search({ text, kinds: ['incident'], entities, excludeIds: [incident.id], limit: incidentLimit }),
      incidentLimit - hits.size,
    );
  }
  for (const technique of incident.techniques.slice(0, limits.techniqueDocuments ?? 8)) {
    keep(
      await retrieval.search({
        text: '',
        kinds: ['document'],
        sources: ['attack-technique'],
        techniques: [technique],
        limit: 1,
      }),
      1,
    );
  }
  const reportLimit = limits.reportDocuments ?? 3;
  if (reportLimit > 0 && text.trim()) {
    keep(
      await retrieval.search({
        text,
        kinds: ['document'],
        sources: [
          'attack-procedure',
          'stix-report',
          'stix-intrusion-set',
          'stix-malware',
          'stix-campaign',
          'misp-event',
        ],
        ...(incident.techniques.length > 0 ? { techniques: incident.techniques } : {}),
        limit: reportLimit,
      }),
      reportLimit,
    );
  }
  return [...hits.values()];
}
