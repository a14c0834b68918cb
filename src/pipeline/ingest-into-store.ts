/** Streams log inputs into the store: events stored once by fingerprint, rejected records kept for reading back. */
import type { Event } from '../core/index.js';
import { type ReadOptions, type Rejection, readEvents } from '../ingest/index.js';
import type { EventDurability, PreparedEvents, Store } from '../store/index.js';

export interface IngestSummary {
  events: number;
  stored: number;
  duplicates: number;
  byFormat: Record<string, number>;
  rejectedCount: number;
  rejected: Rejection[];
  /** Values dropped at the edge (`event.problems`): counted, and the first ones listed with their record. */
  problemCount: number;
  problems: ValueProblem[];
}

/** One value an event lost at the edge, with the record it came from. */
export interface ValueProblem {
  file?: string;
  line?: number;
  field: string;
  reason: string;
}

export interface IngestIntoStoreOptions extends ReadOptions {
  /**
   * Called with every batch after it is stored (detection hooks in here). Without it the events
   * are turned into their rows as they are read and let go; with it they are held until stored.
   */
  onEvents?: (events: readonly Event[]) => void | Promise<void>;
  /** Called with the number of events of every write after it is stored (progress). */
  onStored?: (count: number) => void;
  /** Rejections listed in the summary (all are counted and stored). Default 1000. */
  maxListedRejections?: number;
  /**
   * `synced` (the default) commits every batch to the disk before the next is read. `replayable`,
   * for inputs that stay where they are (files named by the user), commits about every 4 MiB of
   * records without waiting for the disk: see `EventDurability` for what a crash can lose.
   */
  durability?: EventDurability;
  /** Record text per transaction for `replayable` inputs (default 4 MiB). */
  transactionBytes?: number;
}

/** Record text per transaction for `replayable` inputs: about 1,800 Windows events. */
const replayableTransactionBytes = 4 * 1024 * 1024;

export async function ingestIntoStore(
  inputs: string[],
  store: Store,
  options: IngestIntoStoreOptions = {},
): Promise<IngestSummary> {
  const summary: IngestSummary = {
    events: 0,
    stored: 0,
    duplicates: 0,
    byFormat: {},
    rejectedCount: 0,
    rejected: [],
    problemCount: 0,
    problems: [],
  };
  const listed = options.maxListedRejections ?? 1000;
  const durability = options.durability ?? 'synced';
  const groupBytes = durability === 'replayable' ? (options.transactionBytes ?? replayableTransactionBytes) : 0;
  // Batches read but not yet stored, stored in one transaction. Without an `onEvents` hook each
  // batch is prepared (turned into its rows) as it arrives and its events let go: held for a whole
  // group (about 16 batches), they were copied by every young-generation collection until the
  // write. With the hook they are held for it anyway, and prepared at the write.
  let prepared: PreparedEvents[] = [];
  let held: (readonly Event[])[] = [];
  let pendingBytes = 0;
  const storePending = async () => {
    if (prepared.length === 0 && held.length === 0) return;
    const groups = held.length > 0 ? held.map((events) => store.prepareEvents(events)) : prepared;
    const batches = held;
    prepared = [];
    held = [];
    pendingBytes = 0;
    const result = await store.insertPreparedEvents(groups, { durability });
    summary.stored += result.stored;
    summary.duplicates += result.duplicates;
    options.onStored?.(result.stored + result.duplicates);
    for (const events of batches) await options.onEvents?.(events);
  };
  const count = (events: readonly Event[]) => {
    summary.events += events.length;
    for (const event of events) {
      summary.byFormat[event.origin.format] = (summary.byFormat[event.origin.format] ?? 0) + 1;
      for (const problem of event.problems ?? []) {
        summary.problemCount++;
        if (summary.problems.length < listed) summary.problems.push(valueProblem(event, problem));
      }
    }
  };
  const read = async () => {
    // Snapshots of the JSON records: the store keeps only what normalisation changed in their fields.
    for await (const batch of readEvents(inputs, { ...options, recordSnapshots: true })) {
      if (batch.events.length > 0) {
        count(batch.events);
        if (options.onEvents) held.push(batch.events);
        else prepared.push(store.prepareEvents(batch.events));
        for (const event of batch.events) pendingBytes += event.raw.length;
        if (pendingBytes >= groupBytes) await storePending();
      }
      if (batch.rejected.length > 0) {
        summary.rejectedCount += batch.rejected.length;
        // A given input refused whole or cut short (a quota, an unreadable file) is listed past the
        // cap too (up to 100 more): it is the line that explains the many before it.
        const given = new Set(inputs);
        for (const rejection of batch.rejected)
          if (summary.rejected.length < listed || (given.has(rejection.file) && summary.rejected.length < listed + 100))
            summary.rejected.push(rejection);
        await store.recordRejections(batch.rejected);
      }
    }
    await storePending();
  };
  // Files stay where they are: the store may load them in its fast form (a new SQLite file).
  if (durability === 'replayable') await store.loadReplayableEvents(read);
  else await read();
  return summary;
}

/** The problem with the file and line of the record it came from. */
export function valueProblem(event: Event, problem: NonNullable<Event['problems']>[number]): ValueProblem {
  return { file: event.origin.file, line: event.origin.line, ...problem };
}
