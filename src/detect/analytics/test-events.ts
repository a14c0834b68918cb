/** Event builders for the analytics' tests: events as ingest makes them, with only what matters set. */
import type { Event } from '../../core/index.js';

let counter = 0;

export function at(base: string, offsetMs: number): string {
  return new Date(Date.parse(base) + offsetMs).toISOString();
}

export function event(partial: Partial<Event> & { timestamp: string }): Event {
  counter += 1;
  return {
    id: `e${counter}`,
    origin: { format: 'zeek-json', dataset: 'conn' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: {},
    raw: '',
    ...partial,
  };
}

export function connection(
  timestamp: string,
  source: string,
  destination: string,
  port: number,
  bytes: { out?: number; in?: number } = {},
): Event {
  return event({
    timestamp,
    category: ['network'],
    source: { ip: source, port: 40_000 + (counter % 20_000) },
    destination: { ip: destination, port },
    network: { transport: 'tcp' },
    fields: { orig_bytes: bytes.out ?? 400, resp_bytes: bytes.in ?? 1_200 },
  });
}

export function dnsQuery(timestamp: string, source: string, name: string, type = 'A'): Event {
  return event({
    timestamp,
    origin: { format: 'zeek-json', dataset: 'dns' },
    category: ['network'],
    source: { ip: source, port: 53_000 },
    destination: { ip: '10.0.0.2', port: 53 },
    dns: { question: { name, type } },
  });
}

export function windowsEvent(
  timestamp: string,
  code: string,
  host: string,
  fields: Record<string, unknown>,
  extra: Partial<Event> = {},
): Event {
  return event({
    timestamp,
    origin: { format: 'windows-json', dataset: 'Security' },
    code,
    host: { name: host },
    fields: { EventID: Number(code), ...fields },
    ...extra,
  });
}

export function syslogLine(timestamp: string, host: string, program: string, partial: Partial<Event>): Event {
  return event({ timestamp, origin: { format: 'syslog', dataset: program }, host: { name: host }, ...partial });
}

/** A deterministic pseudo-random generator (mulberry32), so tests with noise are repeatable. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
