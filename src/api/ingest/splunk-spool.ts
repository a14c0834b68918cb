/**
 * HEC events back into the Splunk results they were parsed from, one JSON line each, so that a
 * batch received over HEC runs through exactly the pipeline `--replay` uses (`investigate` reads
 * the spool file as `splunk-json`). `/event` keeps the whole envelope as the event's raw text;
 * `/raw` keeps the line, with Splunk's metadata in the event's fields. The time the handler gave
 * the event (the envelope's, else its arrival) is written as `_time`, so it survives the re-read.
 * A syslog line keeps its text as `_raw` and its format as the sourcetype.
 */
import type { Event } from '../../core/index.js';

export const hecEventSource = 'hec:/services/collector/event';
export const hecRawSource = 'hec:/services/collector/raw';

const metadataKeys = ['host', 'source', 'sourcetype', 'index'] as const;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function defined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

function fromEnvelope(event: Event): Record<string, unknown> | undefined {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(event.raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (envelope === null || typeof envelope !== 'object' || envelope.event === undefined) return undefined;
  const fields =
    envelope.fields !== null && typeof envelope.fields === 'object' ? (envelope.fields as Record<string, unknown>) : {};
  return defined({
    ...fields,
    _raw: typeof envelope.event === 'string' ? envelope.event : JSON.stringify(envelope.event),
    _time: envelope.time ?? event.timestamp,
    host: text(envelope.host),
    source: text(envelope.source),
    sourcetype: text(envelope.sourcetype),
    index: text(envelope.index),
  });
}

function fromRawLine(event: Event): Record<string, unknown> {
  const metadata = Object.fromEntries(metadataKeys.map((key) => [key, text(event.fields[key])]));
  return defined({
    ...metadata,
    sourcetype: event.origin.dataset ?? metadata.sourcetype,
    _raw: event.raw,
    _time: event.timestamp,
  });
}

/**
 * A line another live input (syslog) read: its raw text with its format as the sourcetype, so the
 * re-read parses it as the listener did, and the time the listener gave it.
 */
function fromLiveLine(event: Event): Record<string, unknown> {
  return defined({
    _raw: event.raw,
    _time: event.timestamp,
    sourcetype: event.origin.format,
    source: event.origin.file,
  });
}

/** The Splunk result of an event received by a live input (HEC envelope, HEC raw line, syslog line). */
export function splunkResultOf(event: Event): Record<string, unknown> | undefined {
  if (event.origin.file === hecEventSource) return fromEnvelope(event);
  if (event.origin.file === hecRawSource) return fromRawLine(event);
  return fromLiveLine(event);
}

/** The spool text of a batch (one `{"result":…}` line per event) and how many events had no result. */
export function splunkSpoolOf(events: readonly Event[]): { text: string; lines: number; skipped: number } {
  const lines: string[] = [];
  for (const event of events) {
    const result = splunkResultOf(event);
    if (result) lines.push(JSON.stringify({ preview: false, result }));
  }
  return {
    text: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    lines: lines.length,
    skipped: events.length - lines.length,
  };
}
