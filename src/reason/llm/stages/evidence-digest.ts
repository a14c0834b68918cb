/**
 * The structured evidence a model reads: the incident, its alerts, a capped sample of its
 * events with the fields that matter (never the raw record), indicator hits, KEV facts and
 * the ATT&CK candidates. Log-derived strings stay strings here; the prompt builder puts
 * the whole digest inside a data block, where they are neutralised.
 */
import type { Event } from '../../../core/index.js';
import type { ReasoningInput } from '../../reasoner.js';

export interface DigestLimits {
  /** Events included, the alerts' first events first. Default 40. */
  maxEvents?: number;
  /** Alerts included. Default 40. */
  maxAlerts?: number;
  /** Indicator hits, pattern matches and retrieved items included. Default 40. */
  maxHits?: number;
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, inner]) => inner !== undefined && !(Array.isArray(inner) && inner.length === 0)),
  ) as Partial<T>;
}

function eventSummary(event: Event) {
  return compact({
    id: event.id,
    timestamp: event.timestamp,
    format: event.origin.format,
    dataset: event.origin.dataset,
    code: event.code,
    category: event.category,
    action: event.action,
    outcome: event.outcome === 'unknown' ? undefined : event.outcome,
    host: event.host?.name,
    user: event.user?.name ? `${event.user.domain ? `${event.user.domain}\\` : ''}${event.user.name}` : undefined,
    targetUser: event.targetUser?.name,
    process: event.process
      ? compact({
          pid: event.process.pid,
          executable: event.process.executable,
          commandLine: event.process.commandLine,
          parent: event.process.parent?.executable,
          parentCommandLine: event.process.parent?.commandLine,
        })
      : undefined,
    file: event.file?.path ?? event.file?.name,
    registry: event.registry ? compact({ key: event.registry.key, data: event.registry.data }) : undefined,
    source: event.source?.ip ? `${event.source.ip}${event.source.port ? `:${event.source.port}` : ''}` : undefined,
    destination: event.destination?.ip
      ? `${event.destination.ip}${event.destination.port ? `:${event.destination.port}` : ''}`
      : undefined,
    dnsQuery: event.dns?.question?.name,
    url: event.url?.full ?? event.url?.domain,
    userAgent: event.http?.userAgent,
    tlsServerName: event.tls?.serverName,
    signature: event.rule?.name,
    message: event.message,
  });
}

export type EvidenceDigest = ReturnType<typeof buildEvidenceDigest>;

export function buildEvidenceDigest(input: ReasoningInput, limits: DigestLimits = {}) {
  const maxEvents = limits.maxEvents ?? 40;
  const maxHits = limits.maxHits ?? 40;
  const alerts = input.alerts.slice(0, limits.maxAlerts ?? 40);
  // Each alert's first event first, so every alert is represented, then the rest in time order.
  const chosen = new Set<string>();
  for (const alert of alerts) {
    const first = alert.eventIds.find((id) => input.events.has(id));
    if (first && chosen.size < maxEvents) chosen.add(first);
  }
  const byTime = [...input.events.values()].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
  for (const event of byTime) if (chosen.size < maxEvents) chosen.add(event.id);
  const events = byTime.filter((event) => chosen.has(event.id)).map(eventSummary);
  const cves = [...new Set(input.alerts.flatMap((alert) => alert.cves))];
  return {
    incident: {
      id: input.incident.id,
      title: input.incident.title,
      severity: input.incident.severity,
      firstSeen: input.incident.firstSeen,
      lastSeen: input.incident.lastSeen,
      techniques: input.incident.techniques,
      tactics: input.incident.tactics,
      entities: input.incident.entities,
    },
    alerts: alerts.map((alert) =>
      compact({
        id: alert.id,
        rule: alert.ruleTitle,
        source: alert.source,
        severity: alert.severity,
        timestamp: alert.timestamp,
        techniques: alert.techniques,
        tactics: alert.tactics,
        cves: alert.cves,
        eventIds: alert.eventIds.slice(0, 10),
      }),
    ),
    events,
    eventsOmitted: input.events.size - events.length,
    indicatorHits: input.indicatorMatches.slice(0, maxHits).map((match) => ({
      indicatorId: match.indicatorId,
      eventId: match.eventId,
      source: match.source,
      confidence: match.confidence,
      field: match.field,
      value: match.value,
    })),
    knownExploited: cves.map((id) => ({
      cve: id,
      knownExploited: input.knownExploited?.has(id) ?? false,
      ransomwareUse: input.knownExploited?.get(id)?.ransomwareUse ?? false,
    })),
    patternMatches: (input.patternMatches ?? []).slice(0, maxHits).map((match) => ({
      indicatorId: match.indicatorId,
      source: match.source,
      pattern: match.pattern,
      eventIds: match.eventIds.slice(0, 10),
    })),
    techniqueNames: Object.fromEntries(
      [...new Set([...input.incident.techniques, ...input.alerts.flatMap((alert) => alert.techniques)])].map((id) => [
        id,
        (input.attack?.technique(id) as { name?: string } | undefined)?.name ?? null,
      ]),
    ),
    /** Past incidents and CTI passages retrieval found: citable, and still data. */
    retrieved: (input.retrieved ?? []).slice(0, Math.min(10, maxHits)).map((item) => ({
      key: `${item.kind}:${item.id}`,
      title: item.title,
      techniques: item.techniques,
      ...(item.verdict ? { verdict: item.verdict } : {}),
      snippet: item.snippet,
    })),
    assetCriticality: Object.fromEntries(
      input.incident.entities.hosts
        .map((host) => [host, input.assetCriticality?.get(host.toLowerCase())] as const)
        .filter(([, criticality]) => criticality !== undefined),
    ),
  };
}
