/**
 * A worker process's body: subscribes the chosen stages to the bus, each as one consumer of its
 * stage's group, so any number of copies share the partitions. `close()` finishes the batches in
 * hand, writes pending recomputations, and hands the partitions back.
 */
import type { EventBus, Subscription } from '../bus/index.js';
import { UsageError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { type CorrelateStageOptions, createCorrelateStage } from './stages/correlate-stage.js';
import { createDetectStage, type DetectionKnowledge } from './stages/detect-stage.js';
import { createIngestStage } from './stages/ingest-stage.js';
import { createReasonStage, type ReasoningKnowledge } from './stages/reason-stage.js';
import { type Stage, type StageContext, type StageName, stageNames } from './stages/stage.js';

export interface WorkerOptions {
  bus: EventBus;
  store: Store;
  stages: readonly StageName[];
  knowledge: DetectionKnowledge & ReasoningKnowledge;
  /** Unique consumer name (host name and process id). */
  consumer: string;
  batchSize?: number;
  correlate?: CorrelateStageOptions;
  log?: (line: string) => void;
}

export interface Worker {
  /** Partitions owned per stage, e.g. `{ detect: [0, 3] }`. */
  partitions(): Partial<Record<StageName, number[]>>;
  health(): { healthy: boolean; detail: string; buffered: number };
  close(): Promise<void>;
}

/** Parses `ingest,detect,…` (or `all`) into stage names; unknown names are a usage error. */
export function parseStages(text: string): StageName[] {
  const names =
    text === 'all'
      ? [...stageNames]
      : text
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
  const unknown = names.filter((name) => !(stageNames as readonly string[]).includes(name));
  if (unknown.includes('respond'))
    throw new UsageError(
      'the respond stage runs in `vigil serve` / `vigil respond` (the orchestrator); not in workers yet',
    );
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`unknown stage(s) "${unknown.join(', ')}": choose from ${stageNames.join(', ')}`);
  return [...new Set(names)] as StageName[];
}

export function startWorker(options: WorkerOptions): Worker {
  const context: StageContext = { bus: options.bus, store: options.store, log: options.log ?? (() => {}) };
  const build: Record<StageName, () => Stage> = {
    ingest: () => createIngestStage(context),
    detect: () => createDetectStage(context, options.knowledge),
    correlate: () => createCorrelateStage(context, options.correlate),
    reason: () => createReasonStage(context, options.knowledge),
  };
  const running: { stage: Stage; subscription: Subscription }[] = options.stages.map((name) => {
    const stage = build[name]();
    const subscription = options.bus.subscribe(
      {
        topic: stage.topic,
        group: stage.group,
        consumer: options.consumer,
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      },
      stage.handler,
    );
    return { stage, subscription };
  });
  return {
    partitions: () =>
      Object.fromEntries(running.map(({ stage, subscription }) => [stage.name, subscription.partitions()])),
    health: () => options.bus.health(),
    async close() {
      for (const { stage, subscription } of running) {
        await subscription.close();
        await stage.flush?.();
      }
    },
  };
}
