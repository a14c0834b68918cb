import { eventOutcomeSchema } from '../../core/index.js';
import { integer, text } from '../event/flatten.js';
import { parseTimestamp } from '../event/timestamp.js';
import type { EventDraft } from '../types.js';
import type { FieldMapping, MappableTarget } from './field-mapping.js';

const numericTargets = new Set<MappableTarget>([
  'process.pid',
  'process.parent.pid',
  'source.port',
  'destination.port',
  'network.bytes',
  'http.statusCode',
]);

/** Source field names tried when no mapping is given: ECS names themselves and common aliases. */
export const defaultMapping: FieldMapping = {
  timestamp: ['@timestamp', 'timestamp', 'time', 'ts', 'TimeGenerated', 'EventTime', 'datetime', 'date', '_time'],
  fields: {
    message: ['message', 'msg', 'Message', 'SyslogMessage'],
    'host.name': ['host.name', 'hostname', 'host', 'Computer', 'HostName', 'computer_name'],
    'host.ip': ['host.ip', 'HostIP'],
    'user.name': ['user.name', 'username', 'user', 'userName', 'UserName', 'account'],
    'source.ip': ['source.ip', 'src_ip', 'srcip', 'src', 'client_ip', 'clientip', 'sourceIPAddress', 'SrcIP'],
    'source.port': ['source.port', 'src_port', 'srcport', 'sport'],
    'destination.ip': ['destination.ip', 'dest_ip', 'dst_ip', 'dstip', 'dst', 'DestinationIP'],
    'destination.port': ['destination.port', 'dest_port', 'dst_port', 'dstport', 'dport'],
    'process.commandLine': ['process.command_line', 'command_line', 'cmdline', 'CommandLine'],
    'process.executable': ['process.executable', 'Image', 'exe'],
    'process.pid': ['process.pid', 'pid'],
    'url.full': ['url.full', 'url', 'uri'],
    'dns.question.name': ['dns.question.name', 'query', 'domain'],
    'http.userAgent': ['user_agent.original', 'user_agent', 'useragent', 'userAgent'],
    'file.path': ['file.path', 'filename', 'file_path'],
    'file.hashes.sha256': ['file.hash.sha256', 'sha256'],
    'file.hashes.sha1': ['file.hash.sha1', 'sha1'],
    'file.hashes.md5': ['file.hash.md5', 'md5'],
    action: ['event.action', 'action'],
  },
};

function pick(fields: Record<string, unknown>, names: string | string[] | undefined): unknown {
  if (names === undefined) return undefined;
  for (const name of Array.isArray(names) ? names : [names]) {
    const value = fields[name];
    if (value !== undefined && value !== null && value !== '' && value !== '-') return value;
  }
  return undefined;
}

function assign(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Fills normalised event fields from a flat record's fields as the mapping says. */
export function applyMapping(
  fields: Record<string, unknown>,
  mapping: FieldMapping,
  referenceTime: Date,
): Omit<EventDraft, 'fields'> {
  const draft: Record<string, unknown> = {};
  const time = pick(fields, mapping.timestamp);
  const timestamp = parseTimestamp(time, referenceTime);
  if (timestamp) {
    draft.timestamp = timestamp;
    draft.originalTimestamp = text(time);
  }
  if (mapping.category) draft.category = mapping.category;
  for (const [target, names] of Object.entries(mapping.fields) as [MappableTarget, string | string[]][]) {
    const value = pick(fields, names);
    if (value === undefined) continue;
    if (numericTargets.has(target)) {
      const number = integer(value);
      if (number !== undefined) assign(draft, target, number);
    } else if (target === 'host.ip') {
      assign(draft, target, Array.isArray(value) ? value.map(String) : [String(value)]);
    } else if (target === 'outcome') {
      const outcome = eventOutcomeSchema.safeParse(String(value).toLowerCase());
      if (outcome.success) draft.outcome = outcome.data;
    } else {
      const asText = text(value) ?? JSON.stringify(value);
      assign(draft, target, asText);
    }
  }
  return draft as Omit<EventDraft, 'fields'>;
}
