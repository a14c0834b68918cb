/**
 * A stage of the distributed pipeline: which topic and group it consumes, and a factory for
 * its partition handler. Stages are idempotent by record ids, so redelivery never duplicates.
 */
import type { EventBus, PartitionHandler } from '../../bus/index.js';
import type { PipelineSession } from '../../pipeline/index.js';
import type { Store } from '../../store/index.js';

export const stageNames = ['ingest', 'detect', 'correlate', 'link', 'reason', 'respond'] as const;
/** What `all` means: the pipeline up to reasoning. `respond` acts on systems, so it is only ever named explicitly. */
export const pipelineStageNames = ['ingest', 'detect', 'correlate', 'link', 'reason'] as const;
export type StageName = (typeof stageNames)[number];

export interface StageContext {
  bus: EventBus;
  store: Store;
  /** Called with a short line when something worth logging happens (a rejected message, a rebuild). */
  log: (line: string) => void;
  /** The knowledge and reasoning set-up the pipeline's stage functions run on (opened once, on first use). */
  session: () => Promise<PipelineSession>;
  /** Who the audit entries name. */
  actor: string;
}

export interface Stage {
  name: StageName;
  topic: string;
  group: string;
  handler: PartitionHandler;
  /** Work the stage holds that is not yet written (debounced recomputations); done on close. */
  flush?(): Promise<void>;
}
