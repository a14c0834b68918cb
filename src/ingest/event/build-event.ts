import type { Event, LogFormat } from '../../core/index.js';
import type { EventDraft, RawRecord } from '../types.js';
import type { Fingerprinter } from './fingerprint.js';
import { extractObservables } from './observables.js';

/** Per-input state the builder needs: where records come from and what time to fall back on. */
export interface EventBuilderState {
  logFormat: LogFormat;
  fileName: string;
  fingerprinter: Fingerprinter;
  /** Time of the previous event of this input, else the input's modification time. */
  fallbackTimestamp: string;
}

/** Normalised parts a draft may carry over to the event as they are. */
const optionalKeys = [
  'originalTimestamp',
  'action',
  'code',
  'provider',
  'message',
  'host',
  'user',
  'targetUser',
  'process',
  'file',
  'registry',
  'source',
  'destination',
  'network',
  'dns',
  'url',
  'http',
  'tls',
  'auth',
  'rule',
] as const satisfies readonly (keyof EventDraft)[];

/**
 * Completes a parser's draft into an Event: stable id, origin, defaults, observables. A record
 * without a usable time takes the time of the record before it (or the file's modification time
 * for the first one), so re-reading the same file gives the same events.
 */
export function buildEvent(draft: EventDraft, record: RawRecord, state: EventBuilderState): Event {
  const timestamp = draft.timestamp ?? state.fallbackTimestamp;
  state.fallbackTimestamp = timestamp;
  const origin: Event['origin'] = { format: state.logFormat, file: state.fileName, line: record.line };
  if (draft.dataset !== undefined) origin.dataset = draft.dataset;
  const event: Event = {
    id: state.fingerprinter.idFor(record.text),
    timestamp,
    origin,
    kind: draft.kind ?? 'event',
    category: draft.category ?? [],
    outcome: draft.outcome ?? 'unknown',
    observables: extractObservables(draft),
    fields: draft.fields,
    raw: record.text,
  };
  const target = event as unknown as Record<string, unknown>;
  for (const key of optionalKeys) {
    const value = draft[key];
    if (value !== undefined) target[key] = value;
  }
  return event;
}
