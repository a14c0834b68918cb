/**
 * In-process publish/subscribe for live updates (server-sent events). Domain events are
 * named noun-verb in the past tense. A listener that throws is dropped, never the feed.
 */
export type LiveEventType =
  | 'incident-created'
  | 'incident-updated'
  | 'approval-requested'
  | 'approval-decided'
  | 'indicator-added'
  | 'indicator-changed'
  | 'feedback-recorded'
  | 'publication-requested'
  | 'publication-decided'
  | 'events-ingested'
  | 'run-updated'
  | 'run-finished'
  | 'policy-updated'
  | 'sla-breached'
  | 'rules-updated';

export interface LiveEvent {
  type: LiveEventType;
  /** The id of the object it concerns. */
  subjectId: string;
  at: string;
  data: Record<string, unknown>;
}

export type LiveListener = (event: LiveEvent) => void;

export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
