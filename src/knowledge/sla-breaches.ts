/**
 * Where the SLA milestones come from (the audit chain and the response runs), the timers of
 * many incidents at once, and the sweep that records each breach once: an `sla-breached`
 * audit entry and a message through the `notify` connector when one is configured (as
 * approval escalations are sent); a failed notification is audited, never thrown.
 */
import type { AuditEntry, Incident } from '../core/index.js';
import { type ConnectorRegistry, sendNotice } from '../respond/index.js';
import type { RunStore, Store } from '../store/index.js';
import { type SlaMilestones, type SlaStatus, type SlaTargets, type SlaTimerKind, slaStatus } from './sla-timers.js';

export interface SlaSources {
  store: Store;
  runs?: RunStore | undefined;
  targets: SlaTargets;
  now: Date;
}

const acknowledging = new Set(['incident-assigned', 'incident-note-added', 'verdict-recorded']);

const earliest = (values: readonly (string | undefined)[]): string | undefined =>
  values.filter((value): value is string => value !== undefined).sort()[0];

/** An incident's milestones from its audit entries (oldest first) and its succeeded runs' finish times. */
export function slaMilestones(
  incident: Pick<Incident, 'firstSeen'>,
  audit: readonly AuditEntry[],
  succeededRunsAt: readonly string[],
): SlaMilestones {
  const created = audit.find((entry) => entry.action === 'incident-created');
  const acknowledgedAt = earliest(
    audit
      .filter(
        (entry) =>
          acknowledging.has(entry.action) && !(entry.action === 'incident-assigned' && entry.details.assignee === null),
      )
      .map((entry) => entry.timestamp),
  );
  const closedAt = earliest(
    audit
      .filter(
        (entry) =>
          entry.action === 'verdict-recorded' &&
          typeof entry.details.verdict === 'string' &&
          entry.details.verdict !== 'unknown',
      )
      .map((entry) => entry.timestamp),
  );
  return {
    openedAt: created?.timestamp ?? incident.firstSeen,
    acknowledgedAt,
    containedAt: earliest(succeededRunsAt),
    closedAt,
  };
}

interface IncidentSla {
  status: SlaStatus;
  /** Timers whose breach the audit chain already records. */
  recorded: Set<string>;
}

async function loadSla(sources: SlaSources, incidents: readonly Incident[]): Promise<Map<string, IncidentSla>> {
  const ids = incidents.map((incident) => incident.id);
  const audit = ids.length > 0 ? await sources.store.listAudit({ subjectIds: ids }) : [];
  const bySubject = new Map<string, AuditEntry[]>();
  for (const entry of audit) {
    if (entry.subject.kind !== 'incident') continue;
    const list = bySubject.get(entry.subject.id) ?? [];
    list.push(entry);
    bySubject.set(entry.subject.id, list);
  }
  const runs =
    sources.runs && ids.length > 0 ? await sources.runs.listRuns({ incidentIds: ids, statuses: ['succeeded'] }) : [];
  const succeeded = new Map<string, string[]>();
  for (const run of runs) {
    if (!run.incidentId) continue;
    succeeded.set(run.incidentId, [...(succeeded.get(run.incidentId) ?? []), run.updatedAt]);
  }
  const result = new Map<string, IncidentSla>();
  for (const incident of incidents) {
    const entries = bySubject.get(incident.id) ?? [];
    const milestones = slaMilestones(incident, entries, succeeded.get(incident.id) ?? []);
    result.set(incident.id, {
      status: slaStatus(incident.severity, milestones, sources.targets, sources.now),
      recorded: new Set(
        entries.filter((entry) => entry.action === 'sla-breached').map((entry) => String(entry.details.timer ?? '')),
      ),
    });
  }
  return result;
}

/** The SLA timers of each incident, by id: the one computation behind the API, the console and the CLI. */
export async function incidentSlaStatuses(
  sources: SlaSources,
  incidents: readonly Incident[],
): Promise<Map<string, SlaStatus>> {
  const loaded = await loadSla(sources, incidents);
  return new Map([...loaded].map(([id, item]) => [id, item.status]));
}

export interface SlaBreach {
  incidentId: string;
  title: string;
  severity: Incident['severity'];
  timer: SlaTimerKind;
  dueAt: string;
}

/**
 * Records every breach not yet in the audit chain (one `sla-breached` entry per incident and
 * timer) and tells the `notify` connector, when there is one. Returns the breaches recorded now.
 */
export async function recordSlaBreaches(
  sources: SlaSources & { connectors?: ConnectorRegistry | undefined; actor?: string; limit?: number },
): Promise<SlaBreach[]> {
  const incidents = await sources.store.listIncidents({ limit: sources.limit ?? 1000 });
  const loaded = await loadSla(sources, incidents);
  const actor = sources.actor ?? 'vigil';
  const recorded: SlaBreach[] = [];
  for (const incident of incidents) {
    const sla = loaded.get(incident.id);
    if (!sla) continue;
    for (const timer of sla.status.timers) {
      if (timer.state !== 'breached' || sla.recorded.has(timer.kind)) continue;
      const breach: SlaBreach = {
        incidentId: incident.id,
        title: incident.title,
        severity: incident.severity,
        timer: timer.kind,
        dueAt: timer.dueAt,
      };
      await sources.store.appendAudit({
        actor,
        action: 'sla-breached',
        subject: { kind: 'incident', id: incident.id },
        details: { timer: timer.kind, dueAt: timer.dueAt, severity: incident.severity },
        timestamp: sources.now.toISOString(),
      });
      await notifyBreach(sources, breach, actor);
      recorded.push(breach);
    }
  }
  return recorded;
}

async function notifyBreach(
  sources: SlaSources & { connectors?: ConnectorRegistry | undefined },
  breach: SlaBreach,
  actor: string,
): Promise<void> {
  const missed = breach.timer === 'acknowledge' ? 'acknowledged' : breach.timer === 'contain' ? 'contained' : 'closed';
  await sendNotice(
    { connectors: sources.connectors, store: sources.store, actor },
    {
      runId: `sla-${breach.incidentId}`,
      incidentId: breach.incidentId,
      ref: `sla-${breach.timer}`,
      recipient: 'sla',
      subject: `[Vigil] SLA breached: ${breach.timer} ${breach.incidentId}`,
      text: `SLA breached: ${breach.severity} incident "${breach.title}" (${breach.incidentId}) was not ${missed} by ${breach.dueAt}.`,
      idempotencyKey: `sla:${breach.incidentId}:${breach.timer}`,
      failure: {
        action: 'sla-notify-failed',
        subject: { kind: 'incident', id: breach.incidentId },
        details: { timer: breach.timer },
      },
    },
  );
}
