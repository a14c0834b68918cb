import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Event } from '../../../core/index.js';
import { LoopTurns, parseBoundedJson, trimCharacters } from '../../../guard/index.js';
import { parseSplunkResult } from '../../formats/splunk/splunk-result.js';
import { decodeSpan } from '../../framing/decode-record.js';
import type { RecordProcessor } from '../../record-processor.js';
import type { Rejection } from '../../types.js';
import { BoundedRejections } from '../bounded-rejections.js';
import type { EventQueue } from '../event-queue.js';
import { createLiveProcessor, type LiveFormatOptions } from '../live-processor.js';
import { HecAcknowledgements } from './hec-acks.js';
import { type HecBodyItem, HecEventBodyReader } from './hec-body.js';
import {
  authorise,
  channelOf,
  type HecRequest,
  type HecResponse,
  type HecStatus,
  type HecToken,
  headerOf,
  hecReply,
  hecStatus,
  jsonReply,
} from './hec-protocol.js';

export interface HecHandlerOptions extends Pick<LiveFormatOptions, 'registry'> {
  queue: EventQueue;
  /** Accepted tokens: plain strings, or tokens with indexes and a disabled flag. */
  tokens: readonly (string | HecToken)[];
  /** Accept `?token=` (off by default, as in Splunk: query strings end up in logs). */
  allowQueryStringToken?: boolean;
  /** Indexer acknowledgement: requests need a channel and get an `ackId` (off by default). */
  acknowledgements?: boolean;
  /** Longest event envelope or raw line (default 1 MiB); longer ones are invalid. */
  maxEventBytes?: number;
  /** Largest body after gunzip (default 64 MiB). */
  maxBodyBytes?: number;
  /** How long a request waits for room in a full queue before `Server is busy` (default 5 s). */
  busyTimeoutMs?: number;
  /** Rejections of one request recorded one by one (default 100); the rest as one counted row. */
  maxRejectionsPerRequest?: number;
  /** Longest slice of a request's parsing before it yields to the event loop (default 10 ms). */
  sliceMs?: number;
}

/** A framework-free HEC endpoint: give it the request, send back what it returns. */
export type HecHandler = (request: HecRequest) => Promise<HecResponse>;

type Route = 'event' | 'raw' | 'ack' | 'health';

const gunzipAsync = promisify(gunzip);

const routes: Record<string, Route> = {
  '/services/collector': 'event',
  '/services/collector/event': 'event',
  '/services/collector/event/1.0': 'event',
  '/services/collector/raw': 'raw',
  '/services/collector/raw/1.0': 'raw',
  '/services/collector/ack': 'ack',
  '/services/collector/health': 'health',
  '/services/collector/health/1.0': 'health',
};

interface Prepared {
  events: Event[];
  rejected: Rejection[];
  firstInvalid?: { status: HecStatus; index: number };
}

/** The object without its undefined members (flattened into event fields otherwise). */
function defined(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) result[key] = value[key];
  return result;
}

/** Numbers the records of one endpoint across requests, for `origin.line`. */
class Counter {
  value = 0;
  next(): number {
    this.value += 1;
    return this.value;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Body bytes read between two looks at the event-loop budget. */
const pieceBytes = 16 * 1024;

/** Collects a request's events and its rejections, bounded (`BoundedRejections`). */
class PreparedRequest implements Prepared {
  events: Event[] = [];
  rejected: Rejection[] = [];
  firstInvalid?: { status: HecStatus; index: number };
  private readonly bounded: BoundedRejections;

  constructor(source: string, maxRejections: number) {
    this.bounded = new BoundedRejections(source, maxRejections);
  }

  /** A bad record at `index` (HEC's event number from 0); the first one is kept for `invalid-event-number`. */
  reject(status: HecStatus, index: number, reason: string): void {
    this.firstInvalid ??= { status, index };
    const rejection = this.bounded.admit(index + 1, reason);
    if (rejection) this.rejected.push(rejection);
  }

  finish(): Prepared {
    const summary = this.bounded.summary();
    if (summary) this.rejected.push(summary);
    return this;
  }
}

/** `/event`: each envelope becomes a Splunk result (`_raw`, `_time`, host, source, sourcetype, fields) parsed by sourcetype. */
async function prepareEvents(
  body: Buffer,
  processor: RecordProcessor,
  counter: Counter,
  limits: RequestLimits,
  token: HecToken,
  source: string,
): Promise<Prepared> {
  const prepared = new PreparedRequest(source, limits.maxRejections);
  const reader = new HecEventBodyReader(limits.maxEventBytes);
  const turns = new LoopTurns(limits.sliceMs);
  const take = (items: HecBodyItem[]) => {
    for (const item of items) {
      let failure: { status: HecStatus; reason: string } | undefined = item.type === 'invalid' ? item : undefined;
      if (item.type === 'event') {
        const { envelope } = item;
        const index = text(envelope.index);
        if (index !== undefined && token.indexes && !token.indexes.includes(index)) {
          failure = { status: hecStatus.incorrectIndex, reason: `index "${index}" is not allowed for this token` };
        } else {
          const result = defined({
            ...(envelope.fields as Record<string, unknown> | undefined),
            _raw: typeof envelope.event === 'string' ? envelope.event : JSON.stringify(envelope.event),
            _time: envelope.time,
            host: text(envelope.host),
            source: text(envelope.source),
            sourcetype: text(envelope.sourcetype),
            index,
          });
          const outcome = parseSplunkResult(result, processor.context);
          const record = { text: item.text, line: counter.next() };
          if (outcome.type === 'event') prepared.events.push(processor.build(outcome.draft, record));
        }
      }
      if (failure) prepared.reject(failure.status, item.index, `${failure.status.text}: ${failure.reason}`);
    }
  };
  for (let start = 0; start < body.length; start += pieceBytes) {
    take(reader.push(body.subarray(start, start + pieceBytes)));
    await turns.turn();
  }
  take(reader.end());
  return prepared.finish();
}

/** `/raw`: each non-blank line is one event, with metadata from the query string. */
async function prepareRaw(
  body: Buffer,
  processor: RecordProcessor,
  counter: Counter,
  query: URLSearchParams,
  limits: RequestLimits,
  source: string,
): Promise<Prepared> {
  const prepared = new PreparedRequest(source, limits.maxRejections);
  const turns = new LoopTurns(limits.sliceMs);
  const metadata = {
    host: query.get('host') ?? undefined,
    source: query.get('source') ?? undefined,
    sourcetype: query.get('sourcetype') ?? undefined,
    index: query.get('index') ?? undefined,
  };
  let position = 0;
  // where the next NUL byte is (the body's length when none): the body is scanned once, not per line
  const nulFrom = (from: number) => {
    const found = body.indexOf(0, from);
    return found === -1 ? body.length : found;
  };
  let nul = nulFrom(0);
  for (let start = 0; start < body.length; position += 1) {
    const newline = body.indexOf(0x0a, start);
    const end = newline === -1 ? body.length : newline;
    const contentEnd = end > start && body[end - 1] === 0x0d ? end - 1 : end;
    const lineStart = start;
    start = end + 1;
    if (nul < lineStart) nul = nulFrom(lineStart);
    const hasNul = nul < contentEnd;
    if (contentEnd - lineStart > limits.maxEventBytes) {
      prepared.reject(hecStatus.invalidDataFormat, position, `line longer than ${limits.maxEventBytes} bytes`);
    } else {
      // the same text checks as every other input: NUL bytes and invalid UTF-8 are refused by line
      const item = decodeSpan(body, lineStart, contentEnd, position, hasNul);
      if (item?.type === 'reject') prepared.reject(hecStatus.invalidDataFormat, position, item.reason);
      else if (item) {
        const content = item.record.text;
        const outcome = parseSplunkResult(defined({ _raw: content, ...metadata }), processor.context);
        const record = { text: content, line: counter.next() };
        if (outcome.type === 'event') prepared.events.push(processor.build(outcome.draft, record));
      }
    }
    if (position % 256 === 255) await turns.turn();
  }
  return prepared.finish();
}

interface RequestLimits {
  maxEventBytes: number;
  maxRejections: number;
  sliceMs: number;
}

/**
 * Splunk HTTP Event Collector, framework-free: `/services/collector[/event]` (JSON envelopes),
 * `/services/collector/raw` (lines), `/services/collector/ack` and `/services/collector/health`,
 * with `Authorization: Splunk <token>` (or Basic, or `?token=` when allowed), gzip bodies, HEC's
 * JSON replies and codes, and optional indexer acknowledgement. Events are parsed by sourcetype
 * as Splunk exports are (`_raw` of a known sourcetype gets that format's fields) and put on the
 * queue; a full queue makes the request wait (backpressure on the forwarder) and, after
 * `busyTimeoutMs`, answers `Server is busy` (503, code 9) so the forwarder retries.
 *
 * Bad envelopes never cost the good ones: every valid event of a request is kept, the invalid
 * ones become rejections, and the reply carries the first invalid one's code and
 * `invalid-event-number`, as HEC reports it.
 */
export function createHecHandler(options: HecHandlerOptions): HecHandler {
  const tokens = options.tokens.map((token) => (typeof token === 'string' ? { value: token } : token));
  const limits: RequestLimits = {
    maxEventBytes: options.maxEventBytes ?? 1024 * 1024,
    maxRejections: Math.max(1, options.maxRejectionsPerRequest ?? 100),
    sliceMs: options.sliceMs ?? 10,
  };
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const acknowledgements = new HecAcknowledgements();
  const counters = { event: new Counter(), raw: new Counter() };
  const processors = {
    event: createLiveProcessor('hec:/services/collector/event', 'splunk-json', options),
    raw: createLiveProcessor('hec:/services/collector/raw', 'splunk-json', options),
  };

  return async (request: HecRequest): Promise<HecResponse> => {
    let url: URL;
    try {
      url = new URL(request.url, 'http://hec.invalid');
    } catch {
      return jsonReply(404, { text: 'The requested URL was not found on this server.', code: 404 });
    }
    const route = routes[trimCharacters(url.pathname, '/') || '/'];
    if (!route) return jsonReply(404, { text: 'The requested URL was not found on this server.', code: 404 });
    if (route === 'health') return hecReply(options.queue.full ? hecStatus.queuesFull : hecStatus.healthy);
    if (request.method.toUpperCase() !== 'POST') return jsonReply(405, { text: 'Method not allowed', code: 405 });
    const authorisation = authorise(request, url.searchParams, tokens, options.allowQueryStringToken === true);
    if ('error' in authorisation) return hecReply(authorisation.error);
    const channel = channelOf(request, url.searchParams);
    if (typeof channel === 'object') return hecReply(channel.error);
    if (route === 'ack') {
      if (!options.acknowledgements) return hecReply(hecStatus.ackDisabled);
      if (channel === undefined) return hecReply(hecStatus.channelMissing);
      const ids = readAckIds(request.body);
      if (!ids) return hecReply(hecStatus.invalidDataFormat);
      return jsonReply(200, { acks: acknowledgements.query(channel, ids, options.queue.delivered) });
    }
    if (options.acknowledgements && channel === undefined) return hecReply(hecStatus.channelMissing);
    let body = typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
    if (/gzip/i.test(headerOf(request, 'content-encoding') ?? '')) {
      try {
        // off the event loop: a 64 MiB gzip bomb must not stall /health and the other requests
        body = await gunzipAsync(body, { maxOutputLength: maxBodyBytes });
      } catch {
        return hecReply(hecStatus.invalidDataFormat);
      }
    }
    if (isBlank(body)) return hecReply(hecStatus.noData);
    processors[route].setFallbackTime(new Date());
    const source = route === 'event' ? 'hec:/services/collector/event' : 'hec:/services/collector/raw';
    // parsed in slices that yield to the event loop: a 64 MiB body must not stall /health
    const prepared =
      route === 'event'
        ? await prepareEvents(body, processors.event, counters.event, limits, authorisation.token, source)
        : await prepareRaw(body, processors.raw, counters.raw, url.searchParams, limits, source);
    let sequence: number;
    try {
      sequence = await options.queue.put(
        prepared.events,
        prepared.rejected,
        AbortSignal.timeout(options.busyTimeoutMs ?? 5000),
      );
    } catch {
      return hecReply(options.queue.isClosed ? hecStatus.internalError : hecStatus.serverBusy);
    }
    if (prepared.firstInvalid) {
      return hecReply(prepared.firstInvalid.status, { 'invalid-event-number': prepared.firstInvalid.index });
    }
    if (options.acknowledgements && channel !== undefined) {
      return hecReply(hecStatus.success, { ackId: acknowledgements.register(channel, sequence) });
    }
    return hecReply(hecStatus.success);
  };
}

function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

function readAckIds(body: Uint8Array | string): number[] | undefined {
  try {
    const value = parseBoundedJson(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as {
      acks?: unknown;
    };
    if (!Array.isArray(value.acks) || !value.acks.every((id) => Number.isSafeInteger(id))) return undefined;
    return value.acks as number[];
  } catch {
    return undefined;
  }
}
