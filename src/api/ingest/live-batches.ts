/**
 * The one consumer of a live input's queue on the API server (HEC, syslog): each batch taken from
 * the queue is spooled as Splunk results and investigated like `--replay` (the same pipeline
 * `vigil investigate` runs), rejected records are stored for reading back with their positions,
 * and the counters reach `/metrics`. A batch that fails is logged and counted; the next one runs.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventQueue } from '../../ingest/index.js';
import type { ApiContext } from '../api-context.js';
import { splunkSpoolOf } from './splunk-spool.js';

export interface LiveBatchOutcome {
  events: number;
  incidents: number;
}

export interface LiveBatchOptions {
  /** Investigates one spool file of Splunk results (format `splunk-json`). */
  investigate: (spoolFile: string) => Promise<LiveBatchOutcome>;
  /** Where batches are spooled while they are investigated (each file is removed afterwards). */
  spoolFolder: string;
  /** Told after every batch (tests, logs). */
  onBatch?: (outcome: LiveBatchOutcome | { error: string }) => void;
}

/** Consumes the queue until it is closed and drained. `input` labels the metrics and spool files. */
export async function investigateLiveBatches(
  queue: EventQueue,
  input: 'hec' | 'syslog',
  options: LiveBatchOptions,
  context: ApiContext,
): Promise<void> {
  let sequence = 0;
  for await (const batch of queue) {
    if (batch.rejected.length > 0) await context.store.recordRejections(batch.rejected).catch(() => undefined);
    if (batch.events.length === 0) continue;
    context.metrics.eventsReceived.inc({ input }, batch.events.length);
    sequence += 1;
    const spool = splunkSpoolOf(batch.events);
    const file = join(options.spoolFolder, `${input}-${context.clock().getTime()}-${process.pid}-${sequence}.json`);
    let reported: LiveBatchOutcome | { error: string };
    try {
      await mkdir(options.spoolFolder, { recursive: true });
      await writeFile(file, spool.text, 'utf8');
      const outcome = await options.investigate(file);
      context.metrics.liveBatches.inc({ outcome: 'investigated' });
      context.live.publish({
        type: 'events-ingested',
        subjectId: input,
        at: context.clock().toISOString(),
        data: { events: outcome.events, incidents: outcome.incidents },
      });
      reported = outcome;
    } catch (error) {
      context.metrics.liveBatches.inc({ outcome: 'failed' });
      reported = { error: (error as Error).message };
    } finally {
      await rm(file, { force: true });
    }
    options.onBatch?.(reported);
  }
}
