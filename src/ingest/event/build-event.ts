import { type Event, type LogFormat, rememberRecordSnapshot } from '../../core/index.js';
import type { EventDraft, RawRecord } from '../types.js';
import { checkedEndpoint } from './endpoint-values.js';
import { checkedDns, checkedHost, checkedUrl } from './name-values.js';
import { extractObservables } from './observables.js';

/** Gives each record of an input its event id (`Fingerprinter` for content ids). */
export interface EventIdentifier {
  idFor(raw: string, line: number): string;
}

/** Per-input state the builder needs: where records come from and what time to fall back on. */
export interface EventBuilderState {
  logFormat: LogFormat;
  fileName: string;
  fingerprinter: EventIdentifier;
  /** Time of the previous event of this input, else the input's modification time. */
  fallbackTimestamp: string;
}

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
    id: state.fingerprinter.idFor(record.text, record.line),
    timestamp,
    origin,
    kind: draft.kind ?? 'event',
    category: draft.category ?? [],
    outcome: draft.outcome ?? 'unknown',
    observables: extractObservables(draft),
    fields: draft.fields,
    raw: record.text,
  };
  // One named store per key rather than a loop of keyed stores: this runs for every record.
  if (draft.originalTimestamp !== undefined) event.originalTimestamp = draft.originalTimestamp;
  if (draft.action !== undefined) event.action = draft.action;
  if (draft.code !== undefined) event.code = draft.code;
  if (draft.provider !== undefined) event.provider = draft.provider;
  if (draft.message !== undefined) event.message = draft.message;
  const problems: NonNullable<Event['problems']> = [];
  if (draft.host !== undefined) {
    const host = checkedHost(draft.host, problems);
    if (host !== undefined) event.host = host;
  }
  if (draft.user !== undefined) event.user = draft.user;
  if (draft.targetUser !== undefined) event.targetUser = draft.targetUser;
  if (draft.process !== undefined) event.process = draft.process;
  if (draft.file !== undefined) event.file = draft.file;
  if (draft.registry !== undefined) event.registry = draft.registry;
  if (draft.source !== undefined || draft.destination !== undefined) {
    const source = draft.source && checkedEndpoint(draft.source, 'source', problems);
    const destination = draft.destination && checkedEndpoint(draft.destination, 'destination', problems);
    if (source !== undefined) event.source = source;
    if (destination !== undefined) event.destination = destination;
  }
  if (draft.network !== undefined) event.network = draft.network;
  if (draft.dns !== undefined) {
    const dns = checkedDns(draft.dns, problems);
    if (dns !== undefined) event.dns = dns;
  }
  if (draft.url !== undefined) {
    const url = checkedUrl(draft.url, problems);
    if (url !== undefined) event.url = url;
  }
  if (draft.http !== undefined) event.http = draft.http;
  if (draft.tls !== undefined) event.tls = draft.tls;
  if (draft.auth !== undefined) event.auth = draft.auth;
  if (draft.rule !== undefined) event.rule = draft.rule;
  if (problems.length > 0) event.problems = problems;
  if (draft.record !== undefined) rememberRecordSnapshot(event, draft.record);
  return event;
}
