/**
 * A worker process's body: subscribes the chosen stages to the bus, each as one consumer of its
 * stage's group, so any number of copies share the partitions. `close()` finishes the batches in
 * hand, writes pending recomputations, and hands the partitions back.
 */
import type { EventBus, Subscription } from '../bus/index.js';
import { UsageError } from '../core/index.js';
import {
  type Knowledge,
  openPipelineSession,
  type PipelineSession,
  type PipelineSessionOptions,
} from '../pipeline/index.js';
import type { KnowledgeStore, Store } from '../store/index.js';
import { isolatePoison } from './poison-isolation.js';
import { type CorrelateStageOptions, createCorrelateStage } from './stages/correlate-stage.js';
import { createDetectStage } from './stages/detect-stage.js';
import { createIngestStage } from './stages/ingest-stage.js';
import { createLinkStage, type LinkStageOptions } from './stages/link-stage.js';
import { createReasonStage } from './stages/reason-stage.js';
import { createRespondStage, type RespondStageOptions } from './stages/respond-stage.js';
import { pipelineStageNames, type Stage, type StageContext, type StageName, stageNames } from './stages/stage.js';

export interface WorkerOptions {
  bus: EventBus;
  store: Store;
  stages: readonly StageName[];
  /** What detection and reasoning know (rules, ATT&CK, KEV, intel, assets); the store's knowledge is applied on top. */
  knowledge: Knowledge;
  /** Analysts' verdicts, suppressions and learned indicators: applied as `investigate` applies them. */
  knowledgeStore?: KnowledgeStore | undefined;
  /** The reasoner and reasoning set-up (retrieval, classifier); default as for `investigate`. */
  reasoning?: PipelineSessionOptions;
  /**
   * How old the store's knowledge may be before a batch reads it again, so an analyst's override,
   * suppression or verdict reaches a running worker. Default 30 s; 0 reads it before every batch.
   */
  knowledgeRefreshMs?: number;
  /** Who the audit entries name. Default `vigil`. */
  actor?: string;
  /** Unique consumer name (host name and process id). */
  consumer: string;
  batchSize?: number;
  correlate?: CorrelateStageOptions;
  link?: LinkStageOptions;
  /** Needed when `stages` holds `respond`: the orchestrator that starts plan runs. */
  respond?: RespondStageOptions;
  log?: (line: string) => void;
}

export interface Worker {
  /** Partitions owned per stage, e.g. `{ detect: [0, 3] }`. */
  partitions(): Partial<Record<StageName, number[]>>;
  health(): { healthy: boolean; detail: string; buffered: number };
  close(): Promise<void>;
}

/** Parses `ingest,detect,…` (or `all`: every stage but respond) into stage names; unknown names are a usage error. */
export function parseStages(text: string): StageName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .flatMap((name) => (name === 'all' ? [...pipelineStageNames] : [name]));
  const unknown = names.filter((name) => !(stageNames as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`unknown stage(s) "${unknown.join(', ')}": choose from ${stageNames.join(', ')}`);
  return [...new Set(names)] as StageName[];
}

/** Default age of the store's knowledge before a worker reads it again. */
export const defaultKnowledgeRefreshMs = 30_000;

export function startWorker(options: WorkerOptions): Worker {
  let session: Promise<PipelineSession> | undefined;
  let refreshing: Promise<void> | undefined;
  const refreshMs = options.knowledgeRefreshMs ?? defaultKnowledgeRefreshMs;
  const current = async (): Promise<PipelineSession> => {
    // A session that could not open (the store was down) is not kept: the next batch tries again.
    session ??= openPipelineSession(
      options.knowledge,
      { store: options.store, knowledge: options.knowledgeStore },
      options.reasoning,
    ).catch((error: unknown) => {
      session = undefined;
      throw error;
    });
    const opened = await session;
    if (Date.now() - opened.appliedAt >= refreshMs) {
      // One read at a time: stages asking meanwhile wait for the same refresh.
      refreshing ??= opened.refresh().finally(() => {
        refreshing = undefined;
      });
      await refreshing;
    }
    return opened;
  };
  const context: StageContext = {
    bus: options.bus,
    store: options.store,
    log: options.log ?? (() => {}),
    actor: options.actor ?? 'vigil',
    session: current,
  };
  const build: Record<StageName, () => Stage> = {
    ingest: () => createIngestStage(context),
    detect: () => createDetectStage(context),
    correlate: () => createCorrelateStage(context, options.correlate),
    link: () => createLinkStage(context, options.link),
    reason: () => createReasonStage(context),
    respond: () => {
      if (!options.respond) throw new UsageError('the respond stage needs an orchestrator (policy and connectors)');
      return createRespondStage(context, options.respond);
    },
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
      // Respond acts on systems: its failures are the orchestrator's to handle, never dead-lettered here.
      name === 'respond'
        ? stage.handler
        : isolatePoison(stage.handler, { bus: options.bus, topic: stage.topic, log: context.log }),
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
      if (session) await (await session).release();
    },
  };
}
