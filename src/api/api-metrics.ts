/**
 * Prometheus metrics of one app, on its own registry (no global state): request latency,
 * decisions taken, live clients, and gauges read from the store when scraped.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunStore, Store } from '../store/index.js';

export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'decision'>;
  liveClients: Gauge;
  /** Events received by live inputs (HEC) and replays, by input. */
  eventsReceived: Counter<'input'>;
  /** Batches investigated from live inputs, by outcome. */
  liveBatches: Counter<'outcome'>;
  /** Stops the event-loop delay monitor (the app's onClose). */
  close(): void;
}

export interface MetricSources {
  store: Store;
  runs?: RunStore | undefined;
  /** How many proposed actions wait for a decision. */
  approvalQueueDepth: () => Promise<number>;
}

export function createApiMetrics(sources: MetricSources): ApiMetrics {
  const registry = new Registry();
  const { store, runs } = sources;
  const requestDuration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'vigil_approval_decisions_total',
    help: 'Approve and reject decisions recorded through the API',
    labelNames: ['decision'] as const,
    registers: [registry],
  });
  const liveClients = new Gauge({
    name: 'vigil_live_clients',
    help: 'Connected server-sent-event clients',
    registers: [registry],
  });
  const eventsReceived = new Counter({
    name: 'vigil_events_received_total',
    help: 'Events received by live inputs of this server, by input (hec)',
    labelNames: ['input'] as const,
    registers: [registry],
  });
  const liveBatches = new Counter({
    name: 'vigil_live_batches_total',
    help: 'Batches of live events investigated, by outcome (investigated, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'vigil_events_stored',
    help: 'Events in the store (ingested, deduplicated)',
    registers: [registry],
    async collect() {
      this.set(await store.countEvents());
    },
  });
  new Gauge({
    name: 'vigil_alerts_stored',
    help: 'Alerts in the store',
    registers: [registry],
    async collect() {
      this.set(await store.countAlerts());
    },
  });
  new Gauge({
    name: 'vigil_indicators_stored',
    help: 'Indicators in the store',
    registers: [registry],
    async collect() {
      this.set(await store.countIndicators());
    },
  });
  new Gauge({
    name: 'vigil_incidents',
    help: 'Incidents by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, count] of Object.entries(await store.countIncidentsByStatus())) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'vigil_approval_queue_depth',
    help: 'Proposed actions waiting for a decision',
    registers: [registry],
    async collect() {
      this.set(await sources.approvalQueueDepth());
    },
  });
  new Gauge({
    name: 'vigil_runs_failed',
    help: 'Response runs that failed or whose rollback failed',
    registers: [registry],
    async collect() {
      this.set(runs ? await runs.countRuns(['failed', 'rollback-failed']) : 0);
    },
  });
  // How long callbacks waited for the event loop: what a request such as /health waits behind
  // synchronous work. Quantiles are since the previous scrape (the histogram restarts on each).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  new Gauge({
    name: 'vigil_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape (10 ms resolution), by quantile (0.5, 0.99, 1 = max)',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      for (const quantile of [0.5, 0.99])
        this.set({ quantile: String(quantile) }, loopDelay.percentile(quantile * 100) / 1e9);
      this.set({ quantile: '1' }, loopDelay.max / 1e9);
      loopDelay.reset();
    },
  });
  return {
    registry,
    requestDuration,
    decisions,
    liveClients,
    eventsReceived,
    liveBatches,
    close: () => loopDelay.disable(),
  };
}
