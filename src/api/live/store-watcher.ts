/**
 * Watches the store for changes made outside this process (the pipeline, the CLI) and
 * publishes them on the live feed: new or updated incidents, actions waiting for approval,
 * runs that changed or finished. The first look only records what exists; later looks report changes.
 */
import type { RunStore, Store } from '../../store/index.js';
import type { LiveFeed } from './live-feed.js';

export interface StoreWatcherOptions {
  store: Store;
  runs?: RunStore | undefined;
  feed: LiveFeed;
  clock: () => Date;
  /** Proposal ids of an incident that still wait for a decision. */
  pendingProposals: (incidentId: string) => Promise<string[]>;
}

const finishedRunStatuses = ['succeeded', 'failed', 'cancelled', 'rolled-back', 'rollback-failed'] as const;

export class StoreWatcher {
  private readonly seenIncidents = new Map<string, string>();
  private readonly seenPending = new Set<string>();
  private readonly seenRuns = new Set<string>();
  private readonly seenRunVersions = new Map<string, string>();
  private primed = false;

  constructor(private readonly options: StoreWatcherOptions) {}

  /** Looks once; returns how many live events it published. */
  async poll(): Promise<number> {
    const { store, runs, feed, clock } = this.options;
    const at = clock().toISOString();
    let published = 0;
    const publish = (event: Parameters<LiveFeed['publish']>[0]) => {
      if (this.primed) {
        feed.publish(event);
        published += 1;
      }
    };
    for (const incident of await store.listIncidents({ limit: 500 })) {
      const version = `${incident.lastSeen}|${incident.status}|${incident.alertIds.length}`;
      const previous = this.seenIncidents.get(incident.id);
      if (previous !== version) {
        this.seenIncidents.set(incident.id, version);
        publish({
          type: previous === undefined ? 'incident-created' : 'incident-updated',
          subjectId: incident.id,
          at,
          data: { title: incident.title, severity: incident.severity, status: incident.status },
        });
      }
      for (const proposalId of await this.options.pendingProposals(incident.id)) {
        if (this.seenPending.has(proposalId)) continue;
        this.seenPending.add(proposalId);
        publish({ type: 'approval-requested', subjectId: proposalId, at, data: { incidentId: incident.id } });
      }
    }
    if (runs) {
      for (const run of await runs.listRuns({ limit: 200 })) {
        const finished = (finishedRunStatuses as readonly string[]).includes(run.status);
        const version = `${run.updatedAt}|${run.status}`;
        if (this.seenRunVersions.get(run.id) !== version) {
          this.seenRunVersions.set(run.id, version);
          publish({
            type: 'run-updated',
            subjectId: run.id,
            at,
            data: { status: run.status, incidentId: run.incidentId },
          });
        }
        if (!finished || this.seenRuns.has(run.id)) continue;
        this.seenRuns.add(run.id);
        publish({
          type: 'run-finished',
          subjectId: run.id,
          at,
          data: { status: run.status, incidentId: run.incidentId },
        });
      }
    }
    this.primed = true;
    return published;
  }
}
