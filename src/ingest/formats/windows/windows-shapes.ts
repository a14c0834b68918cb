import { parseBoundedJson } from '../../../guard/index.js';
import { type FieldNames, flatten, text } from '../../event/flatten.js';
import { parseWindowsXml } from './windows-xml.js';

/** Which exporter wrote a Windows event as JSON. */
export type WindowsShape = 'nxlog' | 'winlogbeat' | 'evtx-dump' | 'evtxecmd' | 'splunk-ta' | 'xml';

/**
 * A Windows event in Sigma's vocabulary whatever the exporter: `fields` holds the exporter's own
 * fields flattened, the EventData fields at top level (`Image`, `CommandLine`, `TargetUserName`…)
 * and the System fields under their Sigma names (`EventID`, `Channel`, `Provider_Name`, `Computer`).
 */
export interface WindowsRecord {
  shape: WindowsShape;
  fields: Record<string, unknown>;
  eventId: number | undefined;
  channel: string | undefined;
  provider: string | undefined;
  computer: string | undefined;
  time: unknown;
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== null && typeof current === 'object' && !Array.isArray(current)
    ? (current as Record<string, unknown>)
    : undefined;
}

function eventIdOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  const object = objectAt(value);
  return object ? eventIdOf(object['#text'] ?? object.value) : undefined;
}

/** The shape of a parsed JSON object, or undefined when it is not a Windows event. */
export function windowsShapeOf(object: Record<string, unknown>): WindowsShape | undefined {
  if (objectAt(object, 'Event', 'System')) return 'evtx-dump';
  if (objectAt(object, 'winlog') && ('event_id' in (object.winlog as object) || 'channel' in (object.winlog as object)))
    return 'winlogbeat';
  // Winlogbeat 6 wrote the same fields at top level: `event_id`, `log_name`, `source_name`, `event_data`.
  if ('event_id' in object && ('log_name' in object || 'source_name' in object) && !('EventID' in object))
    return 'winlogbeat';
  if ('EventID' in object && ('Channel' in object || 'SourceName' in object || 'Hostname' in object)) return 'nxlog';
  if ('EventId' in object && 'Channel' in object && ('Payload' in object || 'MapDescription' in object))
    return 'evtxecmd';
  if ('EventCode' in object && ('LogName' in object || 'ComputerName' in object)) return 'splunk-ta';
  return undefined;
}

/** Adds Sigma's System field names where the exporter used others; the exporter's names stay too. */
function withSystemAliases(record: Omit<WindowsRecord, 'fields'>, fields: Record<string, unknown>): WindowsRecord {
  if (record.eventId !== undefined) fields.EventID = record.eventId;
  if (record.channel !== undefined) fields.Channel ??= record.channel;
  if (record.provider !== undefined) fields.Provider_Name ??= record.provider;
  if (record.computer !== undefined) fields.Computer ??= record.computer;
  // Named, not spread: a spread of a literal of a different shape per exporter is a generic copy.
  return {
    shape: record.shape,
    eventId: record.eventId,
    channel: record.channel,
    provider: record.provider,
    computer: record.computer,
    time: record.time,
    fields,
  };
}

function fromEvtxDump(object: Record<string, unknown>, names: FieldNames | undefined): WindowsRecord {
  const event = objectAt(object, 'Event') ?? {};
  const system = objectAt(event, 'System') ?? {};
  const eventData = objectAt(event, 'EventData') ?? objectAt(event, 'UserData') ?? {};
  const fields = flatten(object, names);
  for (const [key, value] of Object.entries(eventData)) {
    if (key === '#attributes') continue;
    const nested = objectAt(value);
    if (nested && !('#text' in nested)) Object.assign(fields, flatten(nested, names));
    else fields[key] = nested ? nested['#text'] : value;
  }
  return withSystemAliases(
    {
      shape: 'evtx-dump',
      eventId: eventIdOf(system.EventID),
      channel: text(system.Channel),
      provider: text(objectAt(system, 'Provider', '#attributes')?.Name),
      computer: text(system.Computer),
      time: objectAt(system, 'TimeCreated', '#attributes')?.SystemTime,
    },
    fields,
  );
}

/**
 * Winlogbeat 7 and later (`winlog.event_data`, `winlog.channel`…) and Winlogbeat 6 (the same at top
 * level: `event_data`, `log_name`, `source_name`, `computer_name`). `host.name` is the forwarding
 * host under Windows Event Forwarding, so the event's own computer name comes first.
 */
function fromWinlogbeat(object: Record<string, unknown>, names: FieldNames | undefined): WindowsRecord {
  const winlog = objectAt(object, 'winlog');
  const system = winlog ?? object;
  const eventData = objectAt(system, 'event_data') ?? {};
  const userData = objectAt(system, 'user_data') ?? {};
  const fields = flatten(object, names);
  Object.assign(fields, flatten(userData, names), flatten(eventData, names));
  // The rendered message, under the name NXLog and Sigma use.
  if (typeof object.message === 'string' && fields.Message === undefined) fields.Message = object.message;
  return withSystemAliases(
    {
      shape: 'winlogbeat',
      eventId: eventIdOf(system.event_id ?? objectAt(object, 'event')?.code),
      channel: text(winlog ? winlog.channel : object.log_name),
      provider: text(system.provider_name) ?? text(system.source_name),
      computer: text(system.computer_name) ?? text(objectAt(object, 'host')?.name),
      time: object['@timestamp'],
    },
    fields,
  );
}

function fromEvtxEcmd(object: Record<string, unknown>, names: FieldNames | undefined): WindowsRecord {
  const fields = flatten(object, names);
  const payload = typeof object.Payload === 'string' ? safeJson(object.Payload) : undefined;
  const data = objectAt(payload, 'EventData')?.Data;
  const unnamed: unknown[] = [];
  for (const item of Array.isArray(data) ? data : []) {
    const entry = objectAt(item);
    const name = text(entry?.['@Name']);
    if (entry && name) fields[name] = entry['#text'] ?? '';
    else if (entry) unnamed.push(entry['#text'] ?? '');
  }
  if (unnamed.length > 0 && fields.Data === undefined) fields.Data = unnamed.length === 1 ? unnamed[0] : unnamed;
  return withSystemAliases(
    {
      shape: 'evtxecmd',
      eventId: eventIdOf(object.EventId),
      channel: text(object.Channel),
      provider: text(object.Provider),
      computer: text(object.Computer),
      time: object.TimeCreated,
    },
    fields,
  );
}

function safeJson(value: string): unknown {
  try {
    return parseBoundedJson(value);
  } catch {
    return undefined;
  }
}

/** Reads a Windows event from any exporter's JSON shape into Sigma's field names. */
export function readWindowsObject(
  object: Record<string, unknown>,
  shape: WindowsShape,
  names?: FieldNames,
): WindowsRecord {
  switch (shape) {
    case 'evtx-dump':
      return fromEvtxDump(object, names);
    case 'winlogbeat':
      return fromWinlogbeat(object, names);
    case 'evtxecmd':
      return fromEvtxEcmd(object, names);
    case 'splunk-ta': {
      const fields = flatten(object, names);
      return withSystemAliases(
        {
          shape,
          eventId: eventIdOf(object.EventCode),
          channel: text(object.LogName),
          provider: text(object.SourceName),
          computer: text(object.ComputerName),
          time: object._time ?? object.TimeCreated,
        },
        fields,
      );
    }
    case 'xml':
      return parseWindowsXml(text(object.xml) ?? '');
    default: {
      const fields = flatten(object, names);
      return withSystemAliases(
        {
          shape: 'nxlog',
          eventId: eventIdOf(object.EventID),
          channel: text(object.Channel),
          provider: text(object.SourceName) ?? text(object.ProviderName) ?? text(object.Provider_Name),
          computer: text(object.Hostname) ?? text(object.Computer),
          time: object.TimeCreated ?? object.EventTime ?? object['@timestamp'] ?? object.TimeGenerated,
        },
        fields,
      );
    }
  }
}
