/** Builds core Events for detect's tests, without going through ingest. */
import { createHash } from 'node:crypto';
import type { Event, LogFormat } from '../../core/index.js';

export interface TestEventInput {
  fields: Record<string, unknown>;
  format?: LogFormat;
  dataset?: string;
  timestamp?: string;
  code?: string;
  message?: string;
}

let counter = 0;

export function makeEvent(input: TestEventInput): Event {
  const raw = JSON.stringify(input.fields);
  counter++;
  const event: Event = {
    id: createHash('sha256').update(`${counter}\n${raw}`).digest('hex').slice(0, 32),
    timestamp: input.timestamp ?? '2024-05-01T10:00:00.000Z',
    origin: {
      format: input.format ?? 'windows-json',
      ...(input.dataset !== undefined ? { dataset: input.dataset } : {}),
    },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: input.fields,
    raw,
  };
  if (input.code !== undefined) event.code = input.code;
  if (input.message !== undefined) event.message = input.message;
  return event;
}

/** A Sysmon event with the given EventID and data fields. */
export function sysmonEvent(eventId: number, fields: Record<string, unknown>, timestamp?: string): Event {
  return makeEvent({
    fields: { EventID: eventId, Channel: 'Microsoft-Windows-Sysmon/Operational', ...fields },
    dataset: 'Microsoft-Windows-Sysmon/Operational',
    ...(timestamp ? { timestamp } : {}),
  });
}

/** A Windows event from any channel. */
export function windowsEvent(
  channel: string,
  eventId: number,
  fields: Record<string, unknown>,
  timestamp?: string,
): Event {
  return makeEvent({
    fields: { EventID: eventId, Channel: channel, ...fields },
    dataset: channel,
    ...(timestamp ? { timestamp } : {}),
  });
}

export function syslogEvent(program: string, message: string, timestamp?: string, host = 'web01'): Event {
  return makeEvent({
    format: 'syslog',
    dataset: program,
    fields: { program, message, host },
    message,
    ...(timestamp ? { timestamp } : {}),
  });
}

export function zeekEvent(path: string, fields: Record<string, unknown>, timestamp?: string): Event {
  return makeEvent({
    format: 'zeek-json',
    dataset: path,
    fields: { _path: path, ...fields },
    ...(timestamp ? { timestamp } : {}),
  });
}
